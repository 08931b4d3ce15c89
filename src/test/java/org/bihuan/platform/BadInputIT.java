package org.bihuan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Bad input on both APIs is a clear 4xx with problem details in Chinese and English, never a 500:
 * broken loop rules through Camunda's REST API, the NUL character, wildcard content types, bad
 * start-form values, chunked bodies over the limit, a plan import of the wrong type.
 */
@BihuanTest
class BadInputIT {

  private static final String START_FORM = "/engine-rest/process-definition/key/closed-loop-issue/submit-form";

  @LocalServerPort int port;
  @Autowired LoopDriver loop;
  @Autowired ObjectMapper json;

  final HttpClient http = HttpClient.newHttpClient();
  String reporter;
  String key;
  String triageTaskId;

  @BeforeEach
  void fileAProblem() throws Exception {
    reporter = loop.unitCode("区住建委");
    Answer filed = send(reporter, "POST", "/api/problems", "application/json",
        "{\"title\":\"坏输入测试\",\"description\":\"用于坏输入\",\"taskNumber\":1}");
    assertThat(filed.status()).as(filed.text()).isEqualTo(201);
    key = filed.body().path("key").asText();
    triageTaskId = loop.task(key, "userTask_triage").getId();
  }

  @Test
  void aBrokenRuleOnTaskCompletionIs400WithTheRulesMessage() throws Exception {
    Answer answer = complete("{\"variables\":{\"triageDecision\":{\"value\":\"REJECT\"}}}");

    assertProblem(answer, 400);
    assertThat(answer.body().path("detail").asText()).contains("不予受理须说明理由").contains("a reason is required to reject");
    assertThat(answer.body().path("type").asText()).endsWith("/missing-field");
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @Test
  void mergingIntoAnUnknownProblemIs400() throws Exception {
    Answer answer = complete(
        "{\"variables\":{\"triageDecision\":{\"value\":\"MERGE\"},\"duplicateOf\":{\"value\":\"BH-1999-999999\"}}}");

    assertProblem(answer, 400);
    assertThat(answer.body().path("detail").asText()).contains("不存在").contains("does not exist");
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @ParameterizedTest(name = "start form with {0}")
  @ValueSource(strings = {
    "\"suggestedCategory\":{\"value\":\"NOT_A_CATEGORY\"}",
    "\"taskNumber\":{\"value\":\"abc\"}",
    "\"taskNumber\":{\"value\":1.5}",
    "\"taskNumber\":{\"value\":4294967297,\"type\":\"Long\"}",
    "\"actionNumber\":{\"value\":-3}"
  })
  void aBadStartFormValueIsARuleViolationNotAJavaException(String variable) throws Exception {
    Answer answer = send(reporter, "POST", START_FORM, "application/json",
        "{\"variables\":{\"title\":{\"value\":\"t\"},\"description\":{\"value\":\"d\"}," + variable + "}}");

    assertProblem(answer, 400);
    assertThat(answer.text()).doesNotContain("Exception").doesNotContain("java.");
  }

  @Test
  void theNulCharacterIsRefusedInTextsAndQueryParameters() throws Exception {
    assertProblem(send(reporter, "POST", "/api/problems", "application/json",
        "{\"title\":\"空\\u0000字符\",\"description\":\"d\"}"), 400);
    assertProblem(send(reporter, "GET", "/api/problems?unit=%00", null, null), 400);
    assertProblem(send("wg01", "GET", "/engine-rest/task?processInstanceBusinessKey=a%00b&maxResults=5", null, null), 400);
    assertProblem(complete("{\"variables\":{\"triageDecision\":{\"value\":\"REJECT\"},\"rejectReason\":{\"value\":\"x\\u0000\"}}}"), 400);
    // an escaped backslash followed by u0000 is text, not NUL
    Answer text = send(reporter, "POST", "/api/problems", "application/json",
        "{\"title\":\"反斜杠\\\\u0000不是空字符\",\"description\":\"d\"}");
    assertThat(text.status()).as(text.text()).isEqualTo(201);
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @ParameterizedTest(name = "Content-Type {0}")
  @ValueSource(strings = {"*/*", "application/*", "nonsense", "text/plain; charset=no-such-charset"})
  void aContentTypeThatIsNoConcreteMediaTypeIs415(String contentType) throws Exception {
    assertProblem(send(reporter, "POST", "/api/problems", contentType, "{\"title\":\"t\",\"description\":\"d\"}"), 415);
    assertProblem(send("wg01", "POST", "/engine-rest/task/" + triageTaskId + "/complete", contentType, "{}"), 415);
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @ParameterizedTest(name = "chunked body over 1 MiB to {0}")
  @ValueSource(strings = {"/engine-rest/task/TASK/complete", "/engine-rest/task"})
  void aChunkedBodyOverTheLimitIs413(String path) throws Exception {
    String head = "{\"variables\":{\"rejectReason\":{\"value\":\"";
    byte[] filler = "x".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
    // no declared length: the client sends it chunked
    BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new SequenceInputStream(
        new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)), new ByteArrayInputStream(filler)));

    Answer answer = sendBody("wg01", "POST", path.replace("TASK", triageTaskId), "application/json", chunked);

    assertProblem(answer, 413);
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @Test
  void aPlanImportOfTheWrongContentTypeIs415WithProblemDetails() throws Exception {
    assertProblem(send("admin", "POST", "/api/catalog/import?dryRun=true", "application/json", "{\"plan\":\"x\"}"), 415);
  }

  private Answer complete(String body) throws Exception {
    return send("wg01", "POST", "/engine-rest/task/" + triageTaskId + "/complete", "application/json", body);
  }

  private void assertProblem(Answer answer, int status) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    assertThat(answer.contentType()).as(answer.text()).startsWith("application/problem+json");
    String detail = answer.body().path("detail").asText();
    assertThat(detail).as("Chinese, then English: %s", detail).containsPattern("\\p{IsHan}.* / .*[a-zA-Z]");
  }

  private Answer send(String user, String method, String path, String contentType, String body) throws Exception {
    return sendBody(user, method, path, contentType,
        body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  private Answer sendBody(String user, String method, String path, String contentType, BodyPublisher body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
        .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(), json);
  }

  record Answer(int status, String contentType, String text, ObjectMapper json) {
    JsonNode body() {
      try {
        return json.readTree(text);
      } catch (Exception e) {
        return json.missingNode();
      }
    }
  }
}
