package org.bihuan.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.stream.StreamSupport;
import org.bihuan.problem.Category;
import org.bihuan.problem.NewProblem;
import org.bihuan.problem.Problems;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The light and the listing flag over HTTP: {@code GET /api/problems/{key}} and {@code ?light=}. */
@BihuanTest
class SupervisionApiIT {

  @Autowired TestRestTemplate anonymous;
  @Autowired Problems problems;
  @Autowired LoopDriver loop;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void showsTheLightOfEachCurrentTaskAndFiltersTheListingByIt() {
    // filed Monday 4 May 10:00, a holiday (1–5 May are off): the count starts on Wednesday 6 May, so
    // the one-day triage is due on Thursday 7 May 18:00
    at("2026-05-04T10:00");
    String key = problems.file(new NewProblem("五一期间上报的问题", "五一期间上报：详细情况", null, 1, loop.unitCode("区住建委"),
        Category.EXECUTION, null), "REST", null, List.of());

    JsonNode fresh = get("wg01", "/api/problems/" + key).getBody();
    JsonNode triage = fresh.path("currentTasks").get(0);
    assertThat(triage.path("taskDefinitionKey").asText()).isEqualTo("userTask_triage");
    assertThat(triage.path("light").asText()).isEqualTo("GREEN");
    assertThat(triage.path("reminded").asBoolean()).isFalse();
    assertThat(fresh.path("light").asText()).isEqualTo("GREEN");
    assertThat(fresh.path("listed").asBoolean()).isFalse();
    assertThat(keys("/api/problems?light=GREEN&size=200")).contains(key);

    // past the limit and three working days more (8, Saturday 9 May, an adjusted working day, and 11)
    at("2026-05-11T18:00");
    String supervision = runtime.createProcessInstanceQuery().processDefinitionKey(TaskSupervision.PROCESS_KEY)
        .processInstanceBusinessKey(triage.path("id").asText()).singleResult().getId();
    for (Job job : management.createJobQuery().processInstanceId(supervision).timers().executable().orderByJobDuedate().asc().list()) {
      management.executeJob(job.getId());
    }

    JsonNode late = get("wg01", "/api/problems/" + key).getBody();
    JsonNode lateTriage = late.path("currentTasks").get(0);
    assertThat(lateTriage.path("light").asText()).isEqualTo("RED");
    assertThat(lateTriage.path("reminded").asBoolean()).isTrue();
    assertThat(lateTriage.path("supervised").asBoolean()).isTrue();
    assertThat(lateTriage.path("listed").asBoolean()).isTrue();
    assertThat(late.path("currentTasks")).as("the 督办单 is not the problem's current task").hasSize(1);
    assertThat(late.path("light").asText()).isEqualTo("RED");
    assertThat(late.path("listed").asBoolean()).isTrue();
    assertThat(keys("/api/problems?light=RED&size=200")).contains(key);
    assertThat(keys("/api/problems?light=GREEN&size=200")).doesNotContain(key);
    JsonNode listing = get("leader", "/api/problems?light=RED&size=200").getBody();
    assertThat(StreamSupport.stream(listing.path("items").spliterator(), false)
        .filter(item -> item.path("key").asText().equals(key)).findFirst().orElseThrow().path("listed").asBoolean())
        .isTrue();

    ResponseEntity<JsonNode> wrong = get("leader", "/api/problems?light=PURPLE");
    assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  /** Every key the listing gives on all its pages (other tests' newer problems share the database). */
  private List<String> keys(String path) {
    List<String> keys = new java.util.ArrayList<>();
    for (int page = 0; page < 100; page++) {
      List<String> items = StreamSupport.stream(get("leader", path + "&page=" + page).getBody().path("items").spliterator(), false)
          .map(item -> item.path("key").asText()).toList();
      if (items.isEmpty()) {
        break;
      }
      keys.addAll(items);
    }
    return keys;
  }

  private ResponseEntity<JsonNode> get(String user, String path) {
    return anonymous.withBasicAuth(user, "demo").getForEntity(path, JsonNode.class);
  }

  private static void at(String beijing) {
    ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse(beijing).atZone(ZoneId.of("Asia/Shanghai")).toInstant()));
  }
}
