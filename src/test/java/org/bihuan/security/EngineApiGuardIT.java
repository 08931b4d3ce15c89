package org.bihuan.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * What {@link EngineApiGuard} lets through on {@code /engine-rest} and the webapps' engine API:
 * only the fields of the submitted form, no task deletion, conditional start or planless
 * migration, and comments and attachments by the task's right holders only.
 */
@BihuanTest
class EngineApiGuardIT {

  private static final String DEFINITION = "/engine-rest/process-definition/key/closed-loop-issue";

  @Autowired TestRestTemplate anonymous;
  @Autowired LoopDriver loop;

  String reporter; // 区住建委
  String stranger; // 区科技局
  String key;
  String triageTaskId;

  @BeforeEach
  void fileAProblem() {
    reporter = loop.unitCode("区住建委");
    stranger = loop.unitCode("区科技局");
    ResponseEntity<JsonNode> filed = send(reporter, HttpMethod.POST, "/api/problems",
        Map.of("title", "守卫测试问题", "description", "用于引擎接口守卫", "taskNumber", 1));
    assertThat(filed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    key = filed.getBody().path("key").asText();
    triageTaskId = loop.task(key, "userTask_triage").getId();
  }

  // --- only the fields of the submitted form ------------------------------------------------------

  @ParameterizedTest(name = "filing through submit-form cannot plant {0}")
  @ValueSource(strings = {"coUnits", "leadUnit", "verificationComment", "noFormHasThisVariable"})
  void aUnitFilingThroughTheStartFormCannotPlantVariables(String planted) {
    Map<String, Object> variables = new HashMap<>(startForm("种植变量 " + planted));
    variables.put(planted, Map.of("value", "[\"" + stranger + "\"]"));

    ResponseEntity<JsonNode> response =
        send(reporter, HttpMethod.POST, DEFINITION + "/submit-form", Map.of("variables", variables));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertProblem(response, planted);
  }

  @Test
  void theStartFormsOwnFieldsAreAccepted() {
    ResponseEntity<JsonNode> response = send(reporter, HttpMethod.POST, DEFINITION + "/submit-form",
        Map.of("variables", startForm("只填表单字段的上报")));
    assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void aTaskAcceptsOnlyItsOwnFormsFields() {
    // coUnits is a field of the analysis form, not of triage
    Map<String, Object> body = Map.of("variables", Map.of("triageDecision", Map.of("value", "ACCEPT"),
        "category", Map.of("value", "EXECUTION"), "coUnits", Map.of("value", "[\"" + stranger + "\"]", "type", "Json")));
    ResponseEntity<JsonNode> response =
        send("wg01", HttpMethod.POST, "/engine-rest/task/" + triageTaskId + "/submit-form", body);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertProblem(response, "coUnits");
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @Test
  void theWebappsApiAcceptsOnlyTheFormsFieldsToo() {
    Tasklist tasklist = tasklistLogin(reporter);
    Map<String, Object> variables = new HashMap<>(startForm("经 Tasklist 种植变量"));
    variables.put("leadUnit", Map.of("value", stranger));
    ResponseEntity<JsonNode> response = anonymous.exchange(
        "/camunda/api/engine/engine/default/process-definition/key/closed-loop-issue/submit-form", HttpMethod.POST,
        new HttpEntity<>(Map.of("variables", variables), tasklist.headers()), JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertProblem(response, "leadUnit");
  }

  @Test
  void bodiesAreReadOnlyAfterAuthenticationAndOnlyUpToTheLimit() {
    String big = "{\"variables\":{\"actionsTaken\":{\"value\":\"" + "长".repeat(700_000) + "\"}}}"; // 2.1 MB
    String path = "/camunda/api/engine/engine/default/task/" + triageTaskId + "/submit-form";
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    assertThat(anonymous.exchange(path, HttpMethod.POST, new HttpEntity<>(big, json), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);

    ResponseEntity<JsonNode> loggedIn = anonymous.exchange(path, HttpMethod.POST,
        new HttpEntity<>(big, tasklistLogin("wg01").headers()), JsonNode.class);
    assertThat(loggedIn.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertProblem(loggedIn, "请求体");
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  // --- operations that answered 500 ---------------------------------------------------------------

  @ParameterizedTest(name = "{0} deleting a task: 403")
  @ValueSource(strings = {"admin", "wg01", "stranger"})
  void nobodyDeletesATask(String role) {
    ResponseEntity<JsonNode> response = send(user(role), HttpMethod.DELETE, "/engine-rest/task/" + triageTaskId, null);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertProblem(response, "请通过");
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @ParameterizedTest(name = "{0} evaluating conditional starts: 403")
  @ValueSource(strings = {"admin", "stranger"})
  void conditionalStartsAreRefused(String role) {
    ResponseEntity<JsonNode> response = send(user(role), HttpMethod.POST, "/engine-rest/condition",
        Map.of("variables", Map.of("x", Map.of("value", 1))));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertProblem(response, "请通过");
  }

  @ParameterizedTest(name = "{0} migrating with {1}: {2}")
  @CsvSource({"admin, '{}', 400", "admin, '{\"processInstanceIds\":[\"x\"]}', 400", "stranger, '{}', 403",
      "wg01, '{\"migrationPlan\":{}}', 403"})
  void migrationIsForOperatorsWithAPlan(String role, String body, int status) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<JsonNode> response = anonymous.withBasicAuth(user(role), "demo")
        .exchange("/engine-rest/migration/execute", HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    assertThat(response.getStatusCode().value()).isEqualTo(status);
    assertProblem(response, status == 400 ? "migrationPlan" : "运维");
  }

  // --- comments and attachments -------------------------------------------------------------------

  @ParameterizedTest(name = "{0} comments on the triage task: {1}")
  @CsvSource({"wg01, 200", "admin, 200", "auditor, 403", "leader, 403", "reporter, 403", "stranger, 403", "wg05, 403"})
  void onlyThoseWhoWorkATaskComment(String role, int status) {
    ResponseEntity<JsonNode> response = send(user(role), HttpMethod.POST,
        "/engine-rest/task/" + triageTaskId + "/comment/create", Map.of("message", "意见 " + role));
    assertThat(response.getStatusCode().value()).isEqualTo(status);
    if (status == 403) {
      assertProblem(response, "评论");
    }
  }

  @ParameterizedTest(name = "{0} attaches a file to the triage task: {1}")
  @CsvSource({"wg01, 200", "auditor, 403", "leader, 403", "stranger, 403"})
  void onlyThoseWhoWorkATaskAttach(String role, int status) {
    assertThat(attach(user(role)).getStatusCode().value()).isEqualTo(status);
  }

  @ParameterizedTest(name = "{0} reads the triage task's comments: {1}")
  @CsvSource({"wg01, 200", "auditor, 200", "leader, 200", "admin, 200", "stranger, 404", "wg05, 404"})
  void readersReadComments(String role, int status) {
    comment("wg01", "工作组意见");
    ResponseEntity<JsonNode> response = send(user(role), HttpMethod.GET, "/engine-rest/task/" + triageTaskId + "/comment", null);
    assertThat(response.getStatusCode().value()).isEqualTo(status);
    if (status == 200) {
      assertThat(response.getBody().findValuesAsText("message")).contains("工作组意见");
    }
  }

  @Test
  void onlyOwnCommentsAreDeletedAndOperatorsDeleteAnythingAudited() {
    String operators = comment("admin", "运维说明");
    String own = comment("wg01", "写错了的意见");
    String comments = "/engine-rest/task/" + triageTaskId + "/comment/";

    for (String role : List.of("wg01", "auditor", "leader", "stranger")) {
      assertThat(send(user(role), HttpMethod.DELETE, comments + operators, null).getStatusCode())
          .as("%s deletes another's comment", role).isEqualTo(HttpStatus.FORBIDDEN);
    }
    for (String role : List.of("auditor", "leader", "stranger")) {
      assertThat(send(user(role), HttpMethod.DELETE, comments + own, null).getStatusCode())
          .as("%s deletes wg01's comment", role).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(send("wg01", HttpMethod.DELETE, "/engine-rest/task/" + triageTaskId + "/comment", null).getStatusCode())
        .as("a candidate deletes all comments of its task").isEqualTo(HttpStatus.FORBIDDEN);

    assertThat(send("wg01", HttpMethod.DELETE, comments + own, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(send("admin", HttpMethod.DELETE, comments + operators, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(operations("DeleteComment")).containsExactlyInAnyOrder("wg01", "admin");
  }

  @Test
  void attachmentsAreDeletedByOperatorsOnlyAudited() {
    String attachment = attach("wg01").getBody().path("id").asText();
    String path = "/engine-rest/task/" + triageTaskId + "/attachment/" + attachment;

    for (String role : List.of("wg01", "auditor", "leader", "reporter", "stranger")) {
      assertThat(send(user(role), HttpMethod.DELETE, path, null).getStatusCode())
          .as("%s deletes the evidence file", role).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(send("auditor", HttpMethod.GET, path, null).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(send("admin", HttpMethod.DELETE, path, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(operations("DeleteAttachment")).containsExactly("admin");
  }

  // ---------------------------------------------------------------------------------------------

  private Map<String, Object> startForm(String title) {
    return Map.of("title", Map.of("value", title), "description", Map.of("value", "d"),
        "taskNumber", Map.of("value", 1));
  }

  private String comment(String user, String message) {
    ResponseEntity<JsonNode> response = send(user, HttpMethod.POST,
        "/engine-rest/task/" + triageTaskId + "/comment/create", Map.of("message", message));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return response.getBody().path("id").asText();
  }

  private ResponseEntity<JsonNode> attach(String user) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("attachment-name", "现场照片");
    form.add("attachment-description", "整改证据");
    form.add("attachment-type", "link");
    form.add("url", "https://example.org/evidence.jpg");
    return anonymous.withBasicAuth(user, "demo").exchange("/engine-rest/task/" + triageTaskId + "/attachment/create",
        HttpMethod.POST, new HttpEntity<>(form, headers), JsonNode.class);
  }

  /** Who performed an operation on the triage task, by Camunda's user operation log. */
  private List<String> operations(String type) {
    JsonNode log = send("admin", HttpMethod.GET, "/engine-rest/history/user-operation?taskId=" + triageTaskId
        + "&operationType=" + type + "&maxResults=50", null).getBody();
    return log.findValuesAsText("userId");
  }

  private static void assertProblem(ResponseEntity<JsonNode> response, String detailPart) {
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(response.getBody().path("detail").asText()).contains(detailPart).contains(" / ");
  }

  private String user(String role) {
    return switch (role) {
      case "reporter" -> reporter;
      case "stranger" -> stranger;
      default -> role;
    };
  }

  private ResponseEntity<JsonNode> send(String user, HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return anonymous.withBasicAuth(user, "demo").exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private record Tasklist(HttpHeaders headers) {}

  /** Logs in to Tasklist like the browser does; the headers carry the session cookie and CSRF token. */
  private Tasklist tasklistLogin(String user) {
    ResponseEntity<String> page = anonymous.getForEntity("/camunda/app/tasklist/default/", String.class);
    String csrf = page.getHeaders().getFirst("X-XSRF-TOKEN");
    List<String> cookies = page.getHeaders().get(HttpHeaders.SET_COOKIE).stream().map(c -> c.split(";", 2)[0]).toList();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    headers.set("X-XSRF-TOKEN", csrf);
    headers.put(HttpHeaders.COOKIE, cookies);
    LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("username", user);
    form.add("password", "demo");
    ResponseEntity<String> login = anonymous.postForEntity(
        "/camunda/api/admin/auth/user/default/login/tasklist", new HttpEntity<>(form, headers), String.class);
    assertThat(login.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<String> all = new java.util.ArrayList<>(cookies);
    if (login.getHeaders().get(HttpHeaders.SET_COOKIE) != null) {
      login.getHeaders().get(HttpHeaders.SET_COOKIE).forEach(c -> all.add(c.split(";", 2)[0]));
    }
    HttpHeaders session = new HttpHeaders();
    session.setContentType(MediaType.APPLICATION_JSON);
    session.put(HttpHeaders.COOKIE, all);
    session.set("X-XSRF-TOKEN", login.getHeaders().getFirst("X-XSRF-TOKEN") != null
        ? login.getHeaders().getFirst("X-XSRF-TOKEN") : csrf);
    return new Tasklist(session);
  }
}
