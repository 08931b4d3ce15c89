package org.bihuan.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import org.bihuan.support.BihuanTest;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The calendar over HTTP against the real database and engine: the calculator's answers, loading
 * and replacing years (operators only, validated, idempotent), the fallback warning in health, and
 * open working-day timers moving when a year is corrected.
 */
@BihuanTest
class CalendarApiIT {

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

  @Autowired TestRestTemplate anonymous;
  @Autowired HealthContributorRegistry health;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void addsWorkingDaysAcrossNationalDayExactlyAsDocumented() {
    ResponseEntity<String> added = as("reporter-free-user").getForEntity(
        "/api/calendar/add-working-days?from=2026-09-30&days=3", String.class);
    ResponseEntity<String> between = as("leader").getForEntity(
        "/api/calendar/working-days-between?from=2026-09-30&to=2026-10-10", String.class);

    assertThat(added.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED); // no such user: the API needs a login
    assertThat(as("leader").getForEntity("/api/calendar/add-working-days?from=2026-09-30&days=3", String.class).getBody())
        .isEqualTo("{\"from\":\"2026-09-30\",\"days\":3,\"date\":\"2026-10-10\"}");
    assertThat(between.getBody()).isEqualTo("{\"from\":\"2026-09-30\",\"to\":\"2026-10-10\",\"workingDays\":3}");
  }

  @Test
  void refusesNegativeDaysAndMalformedDatesWithProblemDetails() {
    ResponseEntity<JsonNode> negative = as("leader").getForEntity("/api/calendar/add-working-days?from=2026-09-30&days=-1", JsonNode.class);
    ResponseEntity<JsonNode> malformed = as("leader").getForEntity("/api/calendar/add-working-days?from=2026-13-01&days=1", JsonNode.class);
    ResponseEntity<JsonNode> tooFar = as("leader").getForEntity("/api/calendar/working-days-between?from=2026-01-01&to=2046-01-01", JsonNode.class);

    assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(negative.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(negative.getBody().path("detail").asText()).isEqualTo("天数须在 0 到 3660 之间：-1 / days must be between 0 and 3660: -1");
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(malformed.getBody().path("type").asText()).endsWith("/invalid-parameter");
    assertThat(tooFar.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void shipsTheYear2026AndLoadingItAgainChangesNothing() throws Exception {
    String shipped = new ClassPathResource("calendar/holidays-cn-2026.json").getContentAsString(StandardCharsets.UTF_8);

    JsonNode years = as("leader").getForEntity("/api/calendar/years", JsonNode.class).getBody();
    ResponseEntity<JsonNode> again = send("admin", HttpMethod.POST, "/api/calendar/years", shipped);

    JsonNode year2026 = years.findParents("year").stream().filter(y -> y.path("year").asInt() == 2026).findFirst().orElseThrow();
    assertThat(year2026.path("source").asText()).startsWith("国务院办公厅关于2026年部分节假日安排的通知");
    assertThat(year2026.path("listedDays").asInt()).isEqualTo(39);
    assertThat(year2026.path("loadedBy").asText()).isEqualTo("bihuan");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(again.getBody().path("outcome").asText()).isEqualTo("UNCHANGED");
  }

  @Test
  void onlyOperatorsLoadOrReplaceYears() {
    ResponseEntity<JsonNode> posted = send("leader", HttpMethod.POST, "/api/calendar/years", year(2028, ""));
    ResponseEntity<JsonNode> put = send("auditor", HttpMethod.PUT, "/api/calendar/years/2028", year(2028, ""));

    assertThat(posted.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(posted.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(posted.getBody().path("detail").asText()).contains("只有运维人员", "only operators");
    assertThat(put.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(loadedYears()).doesNotContain("2028");
  }

  @Test
  void refusesAnInvalidFileListingEveryErrorAndLoadsNothing() {
    ResponseEntity<JsonNode> response = send("admin", HttpMethod.POST, "/api/calendar/years", """
        {"year": 2029, "source": "通知", "days": [
          {"date": "2029-01-01", "name": "元旦", "offDay": true},
          {"date": "2028-12-31", "name": "元旦", "offDay": true},
          {"date": "2029-01-01", "name": "元旦", "offDay": true}]}""");
    ResponseEntity<JsonNode> shape = send("admin", HttpMethod.POST, "/api/calendar/years",
        "{\"year\": 2029, \"source\": \"通知\", \"days\": [{\"date\": \"2029-01-01\", \"offDay\": \"yes\"}]}");

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(response.getBody().path("detail").asText())
        .isEqualTo("节假日安排文件有 2 处错误，未加载 / the calendar file has 2 error(s); nothing was loaded");
    assertThat(response.getBody().path("errors").findValuesAsText("field")).containsExactly("$.days[1].date", "$.days[2].date");
    assertThat(response.getBody().path("errors").findValuesAsText("message"))
        .anySatisfy(m -> assertThat(m).contains("不在 2029 年内", "is not in year 2029"))
        .anySatisfy(m -> assertThat(m).contains("重复", "listed twice"));
    assertThat(shape.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(shape.getBody().path("errors").findValuesAsText("field")).contains("$.days[0]", "$.days[0].offDay");
    assertThat(loadedYears()).doesNotContain("2029");
  }

  @Test
  void loadsAYearOnceAndReplacesItOnlyOnPurpose() {
    String first = year(2030, "{\"date\": \"2030-01-01\", \"name\": \"元旦\", \"offDay\": true}");
    String corrected = year(2030, "{\"date\": \"2030-01-01\", \"name\": \"元旦\", \"offDay\": true},"
        + " {\"date\": \"2030-01-02\", \"name\": \"元旦\", \"offDay\": true}");

    ResponseEntity<JsonNode> created = send("admin", HttpMethod.POST, "/api/calendar/years", first);
    ResponseEntity<JsonNode> again = send("admin", HttpMethod.POST, "/api/calendar/years", first);
    ResponseEntity<JsonNode> conflicting = send("admin", HttpMethod.POST, "/api/calendar/years", corrected);
    String afterConflict = as("leader").getForEntity("/api/calendar/add-working-days?from=2030-01-01&days=0", JsonNode.class)
        .getBody().path("date").asText();
    ResponseEntity<JsonNode> mismatch = send("admin", HttpMethod.PUT, "/api/calendar/years/2031", corrected);
    ResponseEntity<JsonNode> replaced = send("admin", HttpMethod.PUT, "/api/calendar/years/2030", corrected);
    ResponseEntity<JsonNode> replacedAgain = send("admin", HttpMethod.PUT, "/api/calendar/years/2030", corrected);

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getHeaders().getLocation()).hasPath("/api/calendar/years/2030");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(again.getBody().path("outcome").asText()).isEqualTo("UNCHANGED");
    assertThat(conflicting.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(conflicting.getBody().path("detail").asText()).contains("PUT /api/calendar/years/2030");
    assertThat(afterConflict).isEqualTo("2030-01-02");
    assertThat(mismatch.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(replaced.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(replaced.getBody().path("outcome").asText()).isEqualTo("REPLACED");
    assertThat(replacedAgain.getBody().path("outcome").asText()).isEqualTo("UNCHANGED");
    JsonNode stored = as("leader").getForEntity("/api/calendar/years/2030", JsonNode.class).getBody();
    assertThat(stored.path("days").findValuesAsText("date")).containsExactly("2030-01-01", "2030-01-02");
    assertThat(as("leader").getForEntity("/api/calendar/add-working-days?from=2030-01-01&days=0", JsonNode.class)
        .getBody().path("date").asText()).isEqualTo("2030-01-03");
  }

  @Test
  void aYearThatIsNotLoadedIsCountedWithPlainWeekendsAndWarnedAboutInHealth() {
    JsonNode answer = as("leader").getForEntity("/api/calendar/add-working-days?from=2040-01-02&days=1", JsonNode.class).getBody();

    Health calendar = ((HealthIndicator) health.getContributor("workingDayCalendar")).health();

    assertThat(answer.path("date").asText()).isEqualTo("2040-01-03");
    assertThat(answer.path("fallbackYears").toString()).isEqualTo("[2040]");
    assertThat(calendar.getStatus()).isEqualTo(Status.UP);
    assertThat(calendar.getDetails().get("loadedYears").toString()).contains("2026");
    assertThat(calendar.getDetails().get("fallbackYears").toString()).contains("2040");
    assertThat(calendar.getDetails().get("warning").toString()).contains("2040", "未加载", "not loaded");
  }

  @Test
  void openWorkingDayTimersMoveWhenAYearIsCorrected() {
    // given: 2031 loaded without holidays, a task started on Monday 3 March 2031 at 10:00 with 3 working days
    send("admin", HttpMethod.PUT, "/api/calendar/years/2031", year(2031, ""));
    String deployment = repository.createDeployment().addClasspathResource("calendar/working-day-timer.bpmn").deploy().getId();
    try {
      ClockUtil.setCurrentTime(at("2031-03-03T10:00"));
      String instance = runtime.startProcessInstanceByKey("test-working-day-timer").getId();
      assertThat(timerDue(instance)).isEqualTo(at("2031-03-06T18:00"));
      assertThat(tasks.createTaskQuery().processInstanceId(instance).singleResult().getDueDate()).isEqualTo(at("2031-03-06T18:00"));

      // when: a day later the notice is corrected: Wednesday 5 March is a holiday
      ClockUtil.setCurrentTime(at("2031-03-04T09:00"));
      ResponseEntity<JsonNode> corrected = send("admin", HttpMethod.PUT, "/api/calendar/years/2031",
          year(2031, "{\"date\": \"2031-03-05\", \"name\": \"测试假日\", \"offDay\": true}"));

      // then: still counted from the start on Monday, now skipping Wednesday
      assertThat(timerDue(instance)).isEqualTo(at("2031-03-07T18:00"));
      assertThat(corrected.getBody().path("outcome").asText()).isEqualTo("REPLACED");
      assertThat(corrected.getBody().path("recalculatedTimers").asInt()).isGreaterThanOrEqualTo(1);
    } finally {
      repository.deleteDeployment(deployment, true);
    }
  }

  @Test
  void documentsTheEndpointsInOpenApi() {
    JsonNode paths = as("leader").getForEntity("/api-docs", JsonNode.class).getBody().path("paths");

    assertThat(paths.path("/api/calendar/add-working-days").path("get").path("summary").asText()).contains("Add working days");
    assertThat(paths.path("/api/calendar/working-days-between").path("get").path("description").asText()).contains("from ≤ d < to");
    assertThat(paths.path("/api/calendar/years").has("get")).isTrue();
    assertThat(paths.path("/api/calendar/years").path("post").path("responses").has("422")).isTrue();
    assertThat(paths.path("/api/calendar/years/{year}").has("put")).isTrue();
  }

  // ---------------------------------------------------------------------------------------------

  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, "demo");
  }

  private ResponseEntity<JsonNode> send(String user, HttpMethod method, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return as(user).exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private java.util.List<String> loadedYears() {
    return as("leader").getForEntity("/api/calendar/years", JsonNode.class).getBody().findValuesAsText("year");
  }

  private Date timerDue(String instance) {
    return management.createJobQuery().processInstanceId(instance).timers().singleResult().getDuedate();
  }

  private static String year(int year, String days) {
    return "{\"year\": " + year + ", \"source\": \"测试通知 " + year + "\", \"days\": [" + days + "]}";
  }

  private static Date at(String localDateTime) {
    return Date.from(LocalDateTime.parse(localDateTime).atZone(BEIJING).toInstant());
  }
}
