package org.bihuan.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * End to end over HTTP against the real PostgreSQL: a problem filed through Bihuan's API and
 * walked to closure through Camunda's REST API, each task claimed by a user of its candidate group.
 */
@BihuanTest
class ProblemApiIT {

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcClient jdbc;
  @Autowired LoopDriver loop;
  @Autowired Problems problems;
  final ObjectMapper json = new ObjectMapper();

  /** Requests as a demo user (password {@code demo}). */
  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, "demo");
  }

  @Test
  void filesAProblemAndWalksItToClosureThroughTheRestApis() {
    String reporter = loop.unitCode("区住建委");
    String lead = loop.unitCode("区发改委");

    ResponseEntity<JsonNode> filed = post(reporter, "/api/problems", Map.of(
        "title", "解放碑地下环道施工占道影响通行", "description", "施工围挡占用两条车道，早晚高峰拥堵。",
        "taskNumber", 8, "reporterUnit", reporter, "suggestedCategory", "COORDINATION"));

    assertThat(filed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String key = filed.getBody().path("key").asText();
    assertThat(key).matches("BH-\\d{4}-\\d{6}");
    assertThat(filed.getHeaders().getLocation()).hasPath("/api/problems/" + key);
    assertThat(filed.getBody().path("stage").asText()).isEqualTo("TRIAGE");
    assertThat(filed.getBody().path("action").path("number").asInt()).isEqualTo(2);
    assertThat(filed.getBody().path("task").path("href").asText()).isEqualTo("/api/catalog/tasks/8");

    complete(key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    complete(key, "userTask_analyse", Map.of(
        "rootCause", "施工组织方案未经交通评估", "category", "EXECUTION", "leadUnit", lead,
        "coUnits", List.of(reporter), "measures", "调整围挡、错峰施工",
        "resolutionDeadline", LocalDate.now().plusDays(20).toString(), "needsPolicy", false));
    JsonNode resolving = get("leader", "/api/problems/" + key);
    assertThat(resolving.path("stage").asText()).isEqualTo("RESOLUTION");
    assertThat(resolving.path("currentTasks").findValuesAsText("taskDefinitionKey"))
        .containsExactly("userTask_signFor", "userTask_signFor");
    assertThat(resolving.path("responsibleUnits").findValuesAsText("role")).containsExactly("LEAD", "CO");
    assertThat(resolving.path("currentTasks").get(0).path("due").asText()).isNotBlank();
    complete(key, "userTask_signFor", Map.of("signForDecision", "SIGN"));
    complete(key, "userTask_signFor", Map.of("signForDecision", "SIGN"));
    complete(key, "userTask_resolve", Map.of("actionsTaken", "已调整围挡", "outcome", "RESOLVED"));
    complete(key, "userTask_resolve", Map.of("actionsTaken", "已错峰施工", "outcome", "RESOLVED"));
    complete(key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    complete(key, "userTask_close", Map.of("satisfaction", "4", "lessons", "施工前须交通评估", "typicalCase", true));

    JsonNode closed = get("leader", "/api/problems/" + key);
    assertThat(closed.path("stage").asText()).isEqualTo("CLOSED");
    assertThat(closed.path("stageLabel").asText()).isEqualTo("已结案");
    assertThat(closed.path("currentTasks").findValuesAsText("taskDefinitionKey")).containsExactly("userTask_callback");
    assertThat(closed.path("typicalCase").asBoolean()).isTrue();
    JsonNode tasks = get("auditor", "/engine-rest/history/task?processInstanceBusinessKey=" + key + "&finished=true&maxResults=100");
    assertThat(tasks.findValuesAsText("taskDefinitionKey")).containsExactlyInAnyOrder(
        "userTask_triage", "userTask_analyse", "userTask_signFor", "userTask_signFor", "userTask_resolve",
        "userTask_resolve", "userTask_verify", "userTask_close");
    assertThat(tasks.findValuesAsText("assignee")).contains("wg02", lead, reporter);
    assertThat(closed.path("reporterUser").asText()).isEqualTo(reporter);
    JsonNode operations = get("admin", "/engine-rest/history/user-operation?processInstanceId="
        + tasks.get(0).path("processInstanceId").asText() + "&operationType=Complete&maxResults=100");
    assertThat(operations.findValuesAsText("userId")).contains("wg02", lead, reporter);
    JsonNode activities = get("auditor", "/engine-rest/history/activity-instance?processInstanceId="
        + tasks.get(0).path("processInstanceId").asText() + "&maxResults=500");
    assertThat(activities.findValuesAsText("activityId")).contains("serviceTask_closeProblem", "businessRuleTask_routeAnalysis");
  }

  @Test
  void refusesAnInvalidFilingWithProblemDetailsAndCreatesNothing() {
    long before = problemCount();

    ResponseEntity<JsonNode> response =
        post(loop.unitCode("区住建委"), "/api/problems", Map.of("title", " ", "description", "x"));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(response.getBody().path("errors").findValuesAsText("field")).contains("title");
    assertThat(response.getBody().path("errors").findValuesAsText("message")).contains("标题不能为空 / title must not be blank");
    assertThat(problemCount()).isEqualTo(before);
  }

  @Test
  void refusesAProblemOnAnUnknownTaskOrUnitAndCreatesNothing() {
    long before = problemCount();
    String unit = loop.unitCode("区住建委");

    ResponseEntity<JsonNode> unknownTask =
        post(unit, "/api/problems", Map.of("title", "t", "description", "d", "taskNumber", 999, "reporterUnit", unit));
    ResponseEntity<JsonNode> otherUnit =
        post(unit, "/api/problems", Map.of("title", "t", "description", "d", "reporterUnit", "nosuchunit"));
    ResponseEntity<JsonNode> mismatch =
        post(unit, "/api/problems", Map.of("title", "t", "description", "d", "taskNumber", 1, "actionNumber", 2));

    assertThat(unknownTask.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(unknownTask.getBody().path("detail").asText()).contains("清单中没有重点任务 999");
    assertThat(otherUnit.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(mismatch.getBody().path("detail").asText()).contains("does not belong to action 2");
    assertThat(problemCount()).isEqualTo(before);
  }

  @Test
  void refusesUnknownFieldsAndMalformedJson() {
    String unit = loop.unitCode("区住建委");
    ResponseEntity<JsonNode> unknownField = post(unit, "/api/problems", Map.of("title", "t", "description", "d", "colour", "red"));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<JsonNode> malformed =
        as(unit).postForEntity("/api/problems", new HttpEntity<>("{\"title\": ", headers), JsonNode.class);

    assertThat(unknownField.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknownField.getBody().path("type").asText()).endsWith("/unreadable-request");
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void answersAnUnknownProblemWith404ProblemDetails() {
    ResponseEntity<JsonNode> response = as("leader").getForEntity("/api/problems/BH-1999-000001", JsonNode.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.getBody().path("detail").asText()).isEqualTo("未找到问题 BH-1999-000001 / problem BH-1999-000001 not found");
  }

  /** The listing's count stops after the limit, for everyone's scope and for a unit's (union of branches). */
  @Test
  void countsAreExactUpToTheLimitAndSayMoreBeyondIt() {
    String unit = loop.unitCode("区科技局");
    for (int i = 0; i < 3; i++) {
      post(unit, "/api/problems", Map.of("title", "计数上限问题" + i, "description", "d", "taskNumber", 17));
    }
    ProblemScope ofUnit = new ProblemScope(false, java.util.Set.of(), java.util.Set.of(unit), java.util.Set.of());
    ProblemFilter everything = new ProblemFilter(null, null, null, null, ProblemScope.ALL);
    ProblemFilter unitsTriage = new ProblemFilter(Stage.TRIAGE, null, 17, null, ofUnit);
    long exactAll = problems.count(everything, 1_000_000);
    long exactUnit = problems.count(unitsTriage, 1_000_000);

    assertThat(exactUnit).isGreaterThanOrEqualTo(3);
    assertThat(problems.count(everything, (int) exactAll)).isEqualTo(exactAll);
    assertThat(problems.count(everything, 2)).isEqualTo(3); // "more than 2"
    assertThat(problems.count(unitsTriage, (int) exactUnit)).isEqualTo(exactUnit);
    assertThat(problems.count(unitsTriage, 2)).isEqualTo(3);
    assertThat(ProblemView.Page.of(java.util.List.of(), 0, 20, 3, 2)).extracting(p -> p.total(), p -> p.totalExact())
        .containsExactly(2L, false);
  }

  @Test
  void listsProblemsWithFiltersAndPaging() {
    String unit = loop.unitCode("区科技局");
    for (int i = 0; i < 3; i++) {
      post(unit, "/api/problems", Map.of("title", "科技创新平台问题" + i, "description", "d", "taskNumber", 17));
    }

    JsonNode page = get(unit, "/api/problems?task=17&unit=" + unit + "&stage=TRIAGE&size=2&page=0");
    JsonNode second = get(unit, "/api/problems?task=17&unit=" + unit + "&stage=TRIAGE&size=2&page=1");

    assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(page.path("totalExact").asBoolean()).isTrue();
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("items").findValuesAsText("taskNumber")).containsOnly("17");
    assertThat(second.path("items").size()).isGreaterThanOrEqualTo(1);
    assertThat(page.path("items").get(0).path("key").asText()).isNotEqualTo(second.path("items").get(0).path("key").asText());
    assertThat(as(unit).getForEntity("/api/problems?stage=NOPE", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(as(unit).getForEntity("/api/problems?size=1000", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  // ---------------------------------------------------------------------------------------------

  /** Claims the task as a user of its first candidate group and completes it with typed variables. */
  private void complete(String key, String activityId, Map<String, Object> variables) {
    ResponseEntity<JsonNode> completed = submit(key, activityId, variables);
    assertThat(completed.getStatusCode()).as("complete %s: %s", activityId, completed.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  private ResponseEntity<JsonNode> submit(String key, String activityId, Map<String, Object> variables) {
    JsonNode task = null;
    for (JsonNode candidate : get("leader", "/api/problems/" + key).path("currentTasks")) {
      if (candidate.path("taskDefinitionKey").asText().equals(activityId) && candidate.path("assignee").isMissingNode()) {
        task = candidate;
        break;
      }
    }
    assertThat(task).as("open task %s of %s", activityId, key).isNotNull();
    String user = LoopDriver.userOf(task.path("candidateGroups").get(0).asText());
    String id = task.path("id").asText();
    ResponseEntity<JsonNode> claimed = post(user, "/engine-rest/task/" + id + "/claim", Map.of("userId", user));
    assertThat(claimed.getStatusCode()).as("claim %s as %s: %s", activityId, user, claimed.getBody())
        .isEqualTo(HttpStatus.NO_CONTENT);
    ObjectNode body = json.createObjectNode();
    ObjectNode vars = body.putObject("variables");
    variables.forEach((name, value) -> {
      ObjectNode v = vars.putObject(name);
      if (value instanceof List<?>) {
        v.put("value", json.valueToTree(value).toString());
        v.put("type", "Json");
      } else {
        v.set("value", json.valueToTree(value));
      }
    });
    return post(user, "/engine-rest/task/" + id + "/complete", body);
  }

  private ResponseEntity<JsonNode> post(String user, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return as(user).postForEntity(path, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private JsonNode get(String user, String path) {
    ResponseEntity<JsonNode> response = as(user).getForEntity(path, JsonNode.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as("GET %s: %s", path, response.getBody()).isTrue();
    return response.getBody();
  }

  private long problemCount() {
    return jdbc.sql("select count(*) from bihuan.problem").query(Long.class).single();
  }
}
