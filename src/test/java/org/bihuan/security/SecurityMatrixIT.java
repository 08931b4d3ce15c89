package org.bihuan.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.LinkedMultiValueMap;

/**
 * What each role can see and do through Bihuan's API, Camunda's REST API and the API Tasklist
 * uses, on one problem filed by 区住建委 on task 1 (action 1, lead unit 区发改委) and waiting
 * for triage by working group 1.
 */
@BihuanTest
class SecurityMatrixIT {

  @Autowired TestRestTemplate anonymous;
  @Autowired LoopDriver loop;
  @Autowired MeterRegistry meters;
  @Autowired IdentityService identity;
  @Autowired org.camunda.bpm.engine.ProcessEngine engine;

  String reporter; // 区住建委
  String stranger; // 区科技局, nothing to do with the problem
  String key;
  String triageTaskId;

  @BeforeEach
  void fileAProblem() {
    reporter = loop.unitCode("区住建委");
    stranger = loop.unitCode("区科技局");
    ResponseEntity<JsonNode> filed = send(reporter, HttpMethod.POST, "/api/problems",
        Map.of("title", "矩阵测试问题", "description", "用于权限矩阵", "taskNumber", 1));
    assertThat(filed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    key = filed.getBody().path("key").asText();
    triageTaskId = loop.task(key, "userTask_triage").getId();
  }

  @ParameterizedTest(name = "{0} reads the problem: {1}")
  @CsvSource({
    "reporter, 200", "stranger, 404", "wg01, 200", "wg05, 404", "leader, 200", "auditor, 200", "admin, 404",
    "anonymous, 401"
  })
  void readsAProblemThroughTheApiOnlyWhenEntitled(String role, int status) {
    assertThat(send(user(role), HttpMethod.GET, "/api/problems/" + key, null).getStatusCode().value()).isEqualTo(status);
  }

  @ParameterizedTest(name = "{0} finds the problem in the listing: {1}")
  @CsvSource({"reporter, true", "stranger, false", "wg01, true", "wg05, false", "auditor, true", "admin, false"})
  void listsOnlyEntitledProblems(String role, boolean listed) {
    JsonNode page = send(user(role), HttpMethod.GET, "/api/problems?size=200&stage=TRIAGE&task=1", null).getBody();
    assertThat(page.path("items").findValuesAsText("key").contains(key)).as("%s in %s", key, page).isEqualTo(listed);
  }

  @ParameterizedTest(name = "{0} files a problem: {1}")
  @CsvSource({"reporter, 201", "leader, 403", "auditor, 403", "admin, 403", "anonymous, 401"})
  void onlyUnitStaffFileProblems(String role, int status) {
    ResponseEntity<JsonNode> response =
        send(user(role), HttpMethod.POST, "/api/problems", Map.of("title", "t", "description", "d"));
    assertThat(response.getStatusCode().value()).isEqualTo(status);
    if (status >= 400) {
      assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    }
  }

  @Test
  void aUnitCannotFileForAnotherUnit() {
    ResponseEntity<JsonNode> response = send(stranger, HttpMethod.POST, "/api/problems",
        Map.of("title", "t", "description", "d", "reporterUnit", reporter));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @ParameterizedTest(name = "{0} sees {1} open task(s) of the problem in /engine-rest")
  @CsvSource({"wg01, 1", "wg05, 0", "reporter, 0", "stranger, 0", "leader, 1", "auditor, 1"})
  void engineRestShowsTasksOnlyToCandidatesAndReaders(String role, int visible) {
    JsonNode tasks = send(user(role), HttpMethod.GET,
        "/engine-rest/task?processInstanceBusinessKey=" + key + "&maxResults=50", null).getBody();
    assertThat(tasks).as("tasks of %s for %s", key, role).hasSize(visible);
  }

  @ParameterizedTest(name = "{0} sees {1} process instance(s) in /engine-rest")
  @CsvSource({"reporter, 1", "stranger, 0", "wg05, 0", "auditor, 1", "leader, 1"})
  void engineRestShowsProcessInstancesOnlyToGrantedGroups(String role, int visible) {
    JsonNode instances = send(user(role), HttpMethod.GET,
        "/engine-rest/process-instance?businessKey=" + key + "&maxResults=50", null).getBody();
    assertThat(instances).hasSize(visible);
  }

  @ParameterizedTest(name = "{0} completes the triage task: {1}")
  @CsvSource({"stranger, 403", "wg05, 403", "auditor, 403", "reporter, 403", "anonymous, 401"})
  void onlyCandidatesActOnATask(String role, int status) {
    Map<String, Object> body = Map.of("variables", Map.of("triageDecision", Map.of("value", "REJECT"),
        "rejectReason", Map.of("value", "越权")));
    assertThat(send(user(role), HttpMethod.POST, "/engine-rest/task/" + triageTaskId + "/complete", body)
        .getStatusCode().value()).isEqualTo(status);
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @Test
  void aCandidateCannotRerouteTheProblemThroughCompletionVariables() {
    Map<String, Object> body = Map.of("variables", Map.of("triageDecision", Map.of("value", "ACCEPT"),
        "category", Map.of("value", "EXECUTION"), "analysisGroup", Map.of("value", "unit-" + reporter)));

    ResponseEntity<JsonNode> response = send("wg01", HttpMethod.POST, "/engine-rest/task/" + triageTaskId + "/complete", body);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().path("detail").asText()).contains("analysisGroup");
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @Test
  void nobodyStartsTheLoopWithStartInstructionsOrAnotherProblemsKey() {
    String definition = "/engine-rest/process-definition/key/closed-loop-issue";
    Map<String, Object> instructions = Map.of("businessKey", key,
        "startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "serviceTask_applyTriage")),
        "variables", Map.of("triageDecision", Map.of("value", "REJECT"), "rejectReason", Map.of("value", "x")));
    assertThat(send(stranger, HttpMethod.POST, definition + "/start", instructions).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<JsonNode> reused = send(stranger, HttpMethod.POST, definition + "/submit-form", Map.of("businessKey", key,
        "variables", Map.of("title", Map.of("value", "t"), "description", Map.of("value", "d"))));
    // Camunda's REST layer reports the refused start as a failed instantiation
    assertThat(reused.getStatusCode().is2xxSuccessful()).isFalse();
    assertThat(reused.getBody().path("message").asText()).contains("已有处置流程");

    ResponseEntity<JsonNode> spoofed = send(stranger, HttpMethod.POST, definition + "/submit-form",
        Map.of("variables", Map.of("title", Map.of("value", "t"), "description", Map.of("value", "d"),
            "initiator", Map.of("value", reporter))));
    assertThat(spoofed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({
    "/engine-rest/process-definition/key/closed-loop-issue/start/",
    "/engine-rest/process-definition/key/closed-loop-issue//start",
    "/engine-rest/task/TASK/bpmnError",
    "/engine-rest/task/TASK/bpmnEscalation/"
  })
  void noVariantOfARefusedOperationGetsThrough(String path) {
    Map<String, Object> body = Map.of("errorCode", "x", "escalationCode", "x", "businessKey", key,
        "startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "serviceTask_applyTriage")));
    assertThat(send("wg01", HttpMethod.POST, path.replace("TASK", triageTaskId), body).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @Test
  void aTrailingSlashDoesNotSmuggleProtectedVariables() {
    Map<String, Object> body = Map.of("variables", Map.of("triageDecision", Map.of("value", "ACCEPT"),
        "category", Map.of("value", "EXECUTION"), "reporterGroup", Map.of("value", "unit-" + stranger)));
    assertThat(send("wg01", HttpMethod.POST, "/engine-rest/task/" + triageTaskId + "/complete/", body).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(loop.task(key, "userTask_triage").getId()).isEqualTo(triageTaskId);
  }

  @Test
  void theWorkingGroupActsAndTheUserOperationLogNamesIt() {
    assertThat(send("wg01", HttpMethod.POST, "/engine-rest/task/" + triageTaskId + "/claim", Map.of("userId", "wg01"))
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    JsonNode log = send("admin", HttpMethod.GET,
        "/engine-rest/history/user-operation?taskId=" + triageTaskId + "&maxResults=10", null).getBody();
    assertThat(log.findValuesAsText("userId")).contains("wg01");
  }

  @Test
  void tasklistsOwnApiAnswersOnlyWithALoginAndShowsEachUserTheirTasks() {
    String path = "/camunda/api/engine/engine/default/task?processInstanceBusinessKey=" + key + "&maxResults=50";
    assertThat(anonymous.getForEntity(path, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    assertThat(tasklistGet("wg01", path)).hasSize(1);
    assertThat(tasklistGet(stranger, path)).isEmpty();
  }

  @ParameterizedTest(name = "{0} reads Actuator metrics: {1}")
  @CsvSource({"admin, 200", "reporter, 403", "auditor, 403", "anonymous, 401"})
  void actuatorBeyondHealthIsForOperators(String role, int status) {
    assertThat(send(user(role), HttpMethod.GET, "/actuator/metrics", null).getStatusCode().value()).isEqualTo(status);
    assertThat(anonymous.getForEntity("/actuator/health/readiness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void healthDetailsAreForOperatorsOnly() {
    assertThat(anonymous.getForEntity("/actuator/health", String.class).getBody()).doesNotContain("components");
    assertThat(anonymous.withBasicAuth(user("auditor"), "demo").getForEntity("/actuator/health", String.class).getBody())
        .doesNotContain("components");
    assertThat(anonymous.withBasicAuth(user("admin"), "demo").getForEntity("/actuator/health", String.class).getBody())
        .contains("\"components\"").contains("\"events\"").contains("\"workingDayCalendar\"");
  }

  @ParameterizedTest(name = "{0} scrapes /actuator/prometheus: {1}")
  @CsvSource({"admin, 200", "scraper, 200", "reporter, 403", "auditor, 403", "anonymous, 401"})
  void prometheusIsScrapedByOperatorsAndTheMetricsGroup(String role, int status) {
    if ("scraper".equals(role) && identity.createUserQuery().userId("scraper").count() == 0) {
      var scraper = identity.newUser("scraper");
      scraper.setPassword("demo");
      identity.saveUser(scraper);
      identity.createMembership("scraper", org.bihuan.identity.Groups.METRICS);
    }
    TestRestTemplate http = role.equals("anonymous") ? anonymous : anonymous.withBasicAuth(user(role), "demo");
    ResponseEntity<String> response = http.getForEntity("/actuator/prometheus", String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(status);
    if (status == 200) {
      assertThat(response.getHeaders().getContentType().toString()).startsWith("text/plain");
      assertThat(response.getBody()).contains("# TYPE").contains("jvm_memory_used_bytes");
    }
    if (role.equals("scraper")) {
      assertThat(http.getForEntity("/actuator/metrics", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
  }

  @Test
  void onlyOperatorsImportPlans() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.TEXT_PLAIN);
    assertThat(anonymous.withBasicAuth(reporter, "demo")
        .exchange("/api/catalog/import?dryRun=true", HttpMethod.POST, new HttpEntity<>("x", headers), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void wrongPasswordsAreRefusedAndThrottleTheNextLogin() {
    // tf09 is used nowhere else: Camunda's login throttling locks it for seconds after a failure
    assertThat(anonymous.withBasicAuth("tf09", "wrong").getForEntity("/api/catalog/units", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.withBasicAuth("tf09", "demo").getForEntity("/api/catalog/units", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void refusedRequestsAreCounted() {
    double before = denied();
    send(stranger, HttpMethod.GET, "/api/problems/" + key, null); // 404: not a refusal that reveals anything
    send("auditor", HttpMethod.POST, "/api/problems", Map.of("title", "t", "description", "d"));
    send(null, HttpMethod.GET, "/engine-rest/task?maxResults=1", null);
    // the counter moves after the response is sent: wait for it
    await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> assertThat(denied() - before).isEqualTo(2));
  }

  @Test
  void refusesOversizeBodiesWithProblemDetails() {
    String big = "长".repeat(400_000); // 1.2 MB in UTF-8
    ResponseEntity<JsonNode> response =
        send(reporter, HttpMethod.POST, "/api/problems", Map.of("title", "t", "description", big));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(response.getBody().path("detail").asText()).contains("请求体");
  }

  @Test
  void refusesToStartWithoutTheDemoProfileWhileDemoUsersExist() {
    MockEnvironment production = new MockEnvironment();
    DefaultCredentialsGuard guard = new DefaultCredentialsGuard(identity, production,
        (org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration());
    int failedLoginsBefore = failedLogins("admin");

    assertThatThrownBy(guard::afterSingletonsInstantiated)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("拒绝在非演示模式下启动")
        .hasMessageContaining("demo users exist")
        .hasMessageContaining("users with the demo password: admin");
    assertThat(failedLogins("admin")).as("the check is no failed login").isEqualTo(failedLoginsBefore);

    production.setProperty("bihuan.events.require-signatures", "false");
    assertThatThrownBy(guard::afterSingletonsInstantiated).hasMessageContaining("require-signatures=false");

    production.setProperty("camunda.bpm.admin-user.id", "admin");
    production.setProperty("camunda.bpm.admin-user.password", "admin");
    assertThatThrownBy(guard::afterSingletonsInstantiated).hasMessageContaining("camunda.bpm.admin-user.password");
  }

  // ---------------------------------------------------------------------------------------------

  private String user(String role) {
    return switch (role) {
      case "reporter" -> reporter;
      case "stranger" -> stranger;
      case "anonymous" -> null;
      default -> role;
    };
  }

  private ResponseEntity<JsonNode> send(String user, HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    TestRestTemplate http = user == null ? anonymous : anonymous.withBasicAuth(user, "demo");
    return http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }

  /** Logs in to Tasklist like the browser does (session cookie, CSRF token) and calls its API. */
  private JsonNode tasklistGet(String user, String path) {
    ResponseEntity<String> page = anonymous.getForEntity("/camunda/app/tasklist/default/", String.class);
    String csrf = page.getHeaders().getFirst("X-XSRF-TOKEN");
    List<String> cookies = page.getHeaders().get(HttpHeaders.SET_COOKIE);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    headers.set("X-XSRF-TOKEN", csrf);
    headers.put(HttpHeaders.COOKIE, cookies.stream().map(c -> c.split(";", 2)[0]).toList());
    LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("username", user);
    form.add("password", "demo");
    ResponseEntity<String> login = anonymous.postForEntity(
        "/camunda/api/admin/auth/user/default/login/tasklist", new HttpEntity<>(form, headers), String.class);
    assertThat(login.getStatusCode()).as("Tasklist login of %s: %s", user, login.getBody()).isEqualTo(HttpStatus.OK);
    HttpHeaders session = new HttpHeaders();
    List<String> all = new java.util.ArrayList<>(headers.get(HttpHeaders.COOKIE));
    if (login.getHeaders().get(HttpHeaders.SET_COOKIE) != null) {
      login.getHeaders().get(HttpHeaders.SET_COOKIE).forEach(c -> all.add(c.split(";", 2)[0]));
    }
    session.put(HttpHeaders.COOKIE, all);
    session.set("X-XSRF-TOKEN", login.getHeaders().getFirst("X-XSRF-TOKEN") != null
        ? login.getHeaders().getFirst("X-XSRF-TOKEN") : csrf);
    ResponseEntity<JsonNode> tasks = anonymous.exchange(path, HttpMethod.GET, new HttpEntity<>(session), JsonNode.class);
    assertThat(tasks.getStatusCode()).as("Tasklist API for %s", user).isEqualTo(HttpStatus.OK);
    return tasks.getBody();
  }

  private int failedLogins(String userId) {
    var user = (org.camunda.bpm.engine.impl.persistence.entity.UserEntity)
        identity.createUserQuery().userId(userId).singleResult();
    return user.getAttempts();
  }

  private double denied() {
    return meters.find("bihuan.security.denied").counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
