package org.bihuan.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * No process variable is stored Java-serialized, at any step of a whole loop worked as people do
 * (the analysis through {@code /engine-rest} like Tasklist's form): lists such as {@code
 * resolvingUnits} are JSON.
 */
@BihuanTest
class NoJavaSerializationIT {

  private static final String JAVA_SERIALIZED = "application/x-java-serialized-object";

  @Autowired TestRestTemplate http;
  @Autowired LoopDriver loop;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;

  @Test
  void aWholeLoopStoresNoJavaSerializedVariable() {
    String housing = loop.unitCode("区住建委");
    String ndrc = loop.unitCode("区发改委");
    ResponseEntity<JsonNode> filed = as(housing).postForEntity("/api/problems",
        Map.of("title", "序列化检查问题", "description", "整个闭环不得出现 Java 序列化变量", "taskNumber", 1), JsonNode.class);
    assertThat(filed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String key = filed.getBody().path("key").asText();
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(key).singleResult().getId();

    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    String analysis = loop.task(key, "userTask_analyse").getId();
    assertThat(post(ndrc, "/engine-rest/task/" + analysis + "/claim", Map.of("userId", ndrc)).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    ResponseEntity<JsonNode> analysed = post(ndrc, "/engine-rest/task/" + analysis + "/submit-form", Map.of("variables", Map.of(
        "rootCause", Map.of("value", "审批环节多"), "category", Map.of("value", "EXECUTION"),
        "leadUnit", Map.of("value", ndrc), "coUnits", Map.of("value", "[\"" + housing + "\"]", "type", "Json"),
        "measures", Map.of("value", "周调度"), "resolutionDeadline", Map.of("value", LocalDate.now().plusDays(30).toString()),
        "needsPolicy", Map.of("value", false))));
    assertThat(analysed.getStatusCode()).as("%s", analysed.getBody()).isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(javaSerialized("act_ru_variable", instance)).as("running variables at resolution").isEmpty();
    JsonNode units = as("admin").getForObject("/engine-rest/process-instance/" + instance + "/variables/resolvingUnits",
        JsonNode.class);
    assertThat(units.path("valueInfo").path("serializationDataFormat").asText()).isEqualTo("application/json");

    loop.signFor(ndrc, key);
    loop.signFor(housing, key);
    loop.complete(ndrc, key, "userTask_resolve", Map.of("actionsTaken", "已协调", "outcome", "RESOLVED"));
    loop.complete(housing, key, "userTask_resolve", Map.of("actionsTaken", "已整改", "outcome", "RESOLVED"));
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    loop.complete("wg01", key, "userTask_close", Map.of("satisfaction", "4"));
    loop.finishAfterClosure(housing, "wg01", key); // 回访 and, when drawn, 回头看
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).finished().count()).isOne();

    assertThat(javaSerialized("act_hi_varinst", instance)).as("variable history of the whole loop").isEmpty();
    assertThat(jdbc.queryForList("select d.name_ from act_hi_detail d where d.proc_inst_id_ = ? and (d.var_type_ = 'serializable'"
        + " or d.text2_ = ?)", String.class, instance, JAVA_SERIALIZED)).as("variable updates of the whole loop").isEmpty();
  }

  private List<String> javaSerialized(String table, String instance) {
    String type = table.equals("act_ru_variable") ? "type_" : "var_type_";
    return jdbc.queryForList("select name_ || ':' || " + type + " from " + table + " where proc_inst_id_ = ? and (" + type + " = 'serializable'"
        + " or text2_ = ?)", String.class, instance, JAVA_SERIALIZED);
  }

  private TestRestTemplate as(String user) {
    return http.withBasicAuth(user, "demo");
  }

  private ResponseEntity<JsonNode> post(String user, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return as(user).exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
  }
}
