package org.bihuan.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * One visibility rule across channels (docs/security.md §4): for every role, the problems it sees
 * through {@code /api/problems} are exactly the problems whose engine history it sees through each
 * {@code /engine-rest/history/*} query — including a unit dropped at re-analysis (neither) and the
 * action's task force (both, from filing on).
 */
@BihuanTest
class VisibilityAcrossChannelsIT {

  private static final List<String> ROLES =
      List.of("reporter", "resolving", "dropped", "other", "wg01", "tf01", "leader", "auditor");

  @Autowired TestRestTemplate http;
  @Autowired LoopDriver loop;
  @Autowired HistoryService history;

  String housing; // reporter
  String ndrc; // lead unit of task 1: analyses and resolves
  String transport; // co-handling unit, dropped at re-analysis
  String stranger; // nothing to do with the problems

  @Test
  void everyRoleSeesTheSameProblemsThroughTheApiAndTheEngineHistory() {
    housing = loop.unitCode("区住建委");
    ndrc = loop.unitCode("区发改委");
    transport = loop.unitCode("区交通局");
    stranger = loop.unitCode("区科技局");

    String inTriage = file("可见性：受理中");
    String inAnalysis = file("可见性：分析中");
    triage(inAnalysis);
    String reworked = file("可见性：返工后换人");
    triage(reworked);
    analyse(reworked, List.of(transport));
    loop.signFor(ndrc, reworked);
    loop.signFor(transport, reworked);
    loop.complete(ndrc, reworked, "userTask_resolve", Map.of("actionsTaken", "部分整改", "outcome", "RESOLVED"));
    loop.complete(transport, reworked, "userTask_resolve", Map.of("actionsTaken", "配合整改", "outcome", "RESOLVED"));
    loop.complete("wg01", reworked, "userTask_verify",
        Map.of("verificationDecision", "REOPEN", "verificationComment", "仍未解决"));
    analyse(reworked, List.of()); // 区交通局 is no longer responsible
    List<String> keys = List.of(inTriage, inAnalysis, reworked);

    Map<String, String> instances = new HashMap<>();
    for (String key : keys) {
      instances.put(key, history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(key).singleResult().getId());
    }
    // the comparison means something only if every query finds each problem's history at all
    for (String key : keys) {
      visibleInHistory("admin", key, instances.get(key)).forEach((query, visible) ->
          assertThat(visible).as("operator finds %s in %s", key, query).isTrue());
    }

    SoftAssertions soft = new SoftAssertions();
    Map<String, TreeSet<String>> seenThroughApi = new LinkedHashMap<>();
    for (String role : ROLES) {
      TreeSet<String> api = new TreeSet<>();
      Map<String, TreeSet<String>> engine = new LinkedHashMap<>();
      for (String key : keys) {
        if (as(role).getForEntity("/api/problems/" + key, JsonNode.class).getStatusCode() == HttpStatus.OK) {
          api.add(key);
        }
        visibleInHistory(user(role), key, instances.get(key)).forEach((query, visible) -> {
          engine.computeIfAbsent(query, q -> new TreeSet<>());
          if (visible) {
            engine.get(query).add(key);
          }
        });
      }
      engine.forEach((query, seen) -> soft.assertThat(seen).as("%s: %s against /api/problems", role, query).isEqualTo(api));
      seenThroughApi.put(role, api);
    }
    soft.assertAll();

    // and the rule itself, as docs/security.md states it
    assertThat(seenThroughApi.get("reporter")).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(seenThroughApi.get("resolving")).containsExactlyInAnyOrder(inAnalysis, reworked);
    assertThat(seenThroughApi.get("dropped")).isEmpty();
    assertThat(seenThroughApi.get("other")).isEmpty();
    for (String role : List.of("wg01", "tf01", "leader", "auditor")) {
      assertThat(seenThroughApi.get(role)).as(role).containsExactlyInAnyOrderElementsOf(keys);
    }
  }

  /** Whether each history query answers anything about the problem's instance for the user. */
  private Map<String, Boolean> visibleInHistory(String user, String key, String instance) {
    Map<String, Boolean> visible = new LinkedHashMap<>();
    String q = "&maxResults=50";
    visible.put("process-instance", found(user, "/engine-rest/history/process-instance?processInstanceBusinessKey=" + key + q));
    visible.put("task", found(user, "/engine-rest/history/task?processInstanceBusinessKey=" + key + q));
    visible.put("activity-instance", found(user, "/engine-rest/history/activity-instance?processInstanceId=" + instance + q));
    visible.put("variable-instance", found(user, "/engine-rest/history/variable-instance?processInstanceId=" + instance + q));
    visible.put("detail", found(user, "/engine-rest/history/detail?processInstanceId=" + instance + q));
    visible.put("user-operation", found(user, "/engine-rest/history/user-operation?processInstanceId=" + instance + q));
    boolean links = false;
    for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery().processInstanceId(instance).list()) {
      links |= found(user, "/engine-rest/history/identity-link-log?taskId=" + task.getId() + q);
    }
    visible.put("identity-link-log", links);
    return visible;
  }

  private boolean found(String user, String path) {
    ResponseEntity<JsonNode> response = as(user).getForEntity(path, JsonNode.class);
    assertThat(response.getStatusCode()).as("%s as %s", path, user).isEqualTo(HttpStatus.OK);
    return !response.getBody().isEmpty();
  }

  private String file(String title) {
    ResponseEntity<JsonNode> filed = as(housing).postForEntity("/api/problems",
        Map.of("title", title, "description", title + "：详细情况", "taskNumber", 1), JsonNode.class);
    assertThat(filed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return filed.getBody().path("key").asText();
  }

  private void triage(String key) {
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
  }

  private void analyse(String key, List<String> coUnits) {
    Map<String, Object> analysis = new HashMap<>();
    analysis.put("rootCause", "协调不畅");
    analysis.put("category", "EXECUTION");
    analysis.put("leadUnit", ndrc);
    analysis.put("coUnits", new ArrayList<>(coUnits));
    analysis.put("measures", "周调度");
    analysis.put("resolutionDeadline", LocalDate.now().plusDays(30).toString());
    analysis.put("needsPolicy", false);
    loop.complete(ndrc, key, "userTask_analyse", analysis);
  }

  private String user(String role) {
    return switch (role) {
      case "reporter" -> housing;
      case "resolving" -> ndrc;
      case "dropped" -> transport;
      case "other" -> stranger;
      default -> role;
    };
  }

  private TestRestTemplate as(String role) {
    return http.withBasicAuth(user(role), "demo");
  }
}
