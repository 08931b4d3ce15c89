package org.bihuan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.bihuan.support.BihuanTest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The bulk-loaded history is what Camunda and Bihuan would have written: Camunda's HistoryService
 * sees completed instances of the deployed definition with their activities, tasks, variables
 * and per-instance grants, and Bihuan's API serves the problems.
 */
@BihuanTest
class HistorySeederIT {

  static final int COUNT = 300;

  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired TestRestTemplate anonymous;

  @Test
  void seededProblemsAreCompletedInstancesOfTheDeployedDefinitionAndServedByTheApi() throws Exception {
    long before = jdbc.sql("select case when is_called then last_value else 0 end from bihuan.problem_number_seq").query(Long.class).single();
    String definition;
    try (Connection c = dataSource.getConnection()) {
      HistorySeeder seeder = HistorySeeder.prepare(c, 11);
      definition = seeder.processDefinitionId();
      seeder.seed(c, COUNT);
    }
    List<Map<String, Object>> seeded = jdbc.sql(
            "select key, stage, process_instance_id, reporter_unit_code, action_number from bihuan.problem"
                + " where process_instance_id like '%-b0b0-8000-%' and cast(substring(key from 9) as bigint) > ? order by key")
        .param(before).query().listOfRows();
    assertThat(seeded).hasSize(COUNT);
    assertThat(seeded).extracting(r -> r.get("stage")).containsOnly("CLOSED", "REJECTED").contains("CLOSED", "REJECTED");
    String[] keys = seeded.stream().map(r -> (String) r.get("key")).toArray(String[]::new);

    // Camunda: completed instances of the deployed definition, each with the business key of its problem
    List<HistoricProcessInstance> instances =
        history.createHistoricProcessInstanceQuery().processInstanceBusinessKeyIn(keys).list();
    assertThat(instances).hasSize(COUNT);
    assertThat(instances).allSatisfy(pi -> {
      assertThat(pi.getProcessDefinitionId()).isEqualTo(definition);
      assertThat(pi.getProcessDefinitionKey()).isEqualTo("closed-loop-issue");
      assertThat(pi.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
      assertThat(pi.getEndTime()).isAfter(pi.getStartTime());
      assertThat(pi.getRemovalTime()).isAfter(pi.getEndTime());
    });
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKeyIn(keys).completed().count())
        .isEqualTo(COUNT);

    Map<String, Object> closed = seeded.stream().filter(r -> r.get("stage").equals("CLOSED")).findFirst().orElseThrow();
    String pi = (String) closed.get("process_instance_id");
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).list())
        .extracting(a -> a.getActivityId())
        .contains("startEvent_problemReported", "userTask_triage", "userTask_analyse", "subProcess_resolve#multiInstanceBody",
            "userTask_resolve", "userTask_verify", "userTask_close", "endEvent_closed");
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).unfinished().count()).isZero();
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(pi).finished().list())
        .extracting(t -> t.getTaskDefinitionKey())
        .contains("userTask_triage", "userTask_analyse", "userTask_resolve", "userTask_verify", "userTask_close");
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(pi).taskDefinitionKey("userTask_close")
        .singleResult().getAssignee()).isEqualTo("wg%02d".formatted(((Number) closed.get("action_number")).intValue()));
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi).variableName("problemKey").singleResult()
        .getValue()).isEqualTo(closed.get("key"));
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi).variableName("actionNumber").singleResult()
        .getValue()).isEqualTo(((Number) closed.get("action_number")).intValue());

    // the per-instance grants: the reporting unit sees the instance's history, an unrelated unit does not
    String reporter = (String) closed.get("reporter_unit_code");
    String other = jdbc.sql("select code from bihuan.unit where kind <> 'COLLECTIVE' and code <> ? and code not in"
            + " (select unit_code from bihuan.problem_unit where problem_key = ?) order by code limit 1")
        .params(reporter, closed.get("key")).query(String.class).single();
    assertThat(visibleHistory(reporter, pi)).isEqualTo(1);
    assertThat(visibleHistory(other, pi)).isZero();

    // the outbox relay has nothing to send for them
    assertThat(jdbc.sql("select count(*) from bihuan.lifecycle_event where problem_key in (:keys) and published_at is null")
        .param("keys", List.of(keys)).query(Long.class).single()).isZero();

    // Bihuan's API
    String key = (String) closed.get("key");
    JsonNode detail = get("auditor", "/api/problems/" + key);
    assertThat(detail.path("stage").asText()).isEqualTo("CLOSED");
    assertThat(detail.path("closedAt").asText()).isNotBlank();
    assertThat(detail.path("currentTasks")).isEmpty();
    assertThat(detail.path("responsibleUnits").findValuesAsText("role")).contains("LEAD");
    assertThat(get(reporter, "/api/problems/" + key).path("key").asText()).isEqualTo(key);
    assertThat(anonymous.withBasicAuth(other, "demo").getForEntity("/api/problems/" + key, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    int action = ((Number) closed.get("action_number")).intValue();
    long expected = jdbc.sql("select count(*) from bihuan.problem where stage = 'CLOSED' and action_number = ?")
        .param(action).query(Long.class).single();
    JsonNode page = get("auditor", "/api/problems?stage=CLOSED&action=" + action + "&size=200");
    assertThat(page.path("total").asLong()).isEqualTo(expected);
    assertThat(page.path("items").findValuesAsText("stage")).containsOnly("CLOSED");
    JsonNode mine = get(reporter, "/api/problems?unit=" + reporter + "&size=200");
    assertThat(mine.path("total").asLong()).isGreaterThanOrEqualTo(
        seeded.stream().filter(r -> reporter.equals(r.get("reporter_unit_code"))).count());
  }

  private long visibleHistory(String unit, String processInstanceId) {
    identity.setAuthentication(unit, List.of("unit-" + unit));
    try {
      return history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).count();
    } finally {
      identity.clearAuthentication();
    }
  }

  private JsonNode get(String user, String path) {
    ResponseEntity<JsonNode> response = anonymous.withBasicAuth(user, "demo").getForEntity(path, JsonNode.class);
    assertThat(response.getStatusCode()).as("GET %s as %s: %s", path, user, response.getBody()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
