package org.bihuan.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bihuan.identity.Groups;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule row of the routing and approval-level tables, on Camunda's DMN engine with FEEL. */
class DecisionTablesTests {

  private static final Set<String> matchedRules = new HashSet<>();
  private static DmnEngine engine;

  @BeforeAll
  static void buildEngine() {
    DefaultDmnEngineConfiguration configuration =
        (DefaultDmnEngineConfiguration) DefaultDmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    configuration.customPostDecisionTableEvaluationListeners(
        List.of((DmnDecisionTableEvaluationListener) DecisionTablesTests::recordMatches));
    engine = configuration.buildEngine();
  }

  private static void recordMatches(DmnDecisionTableEvaluationEvent event) {
    event.getMatchingRules().forEach(rule -> matchedRules.add(rule.getId()));
  }

  @ParameterizedTest(name = "action {0} is triaged by {1}")
  @CsvSource({"1, wg-01", "7, wg-07", "10, wg-10", "12, wg-12"})
  void routesTriageToTheActionsWorkingGroup(int action, String group) throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("actionNumber", action);

    assertThat(evaluate("routing.dmn", "decision_triageRouting", variables, "workingGroup"))
        .isEqualTo(group)
        .isEqualTo(Groups.workingGroup(action));
  }

  @Test
  void routesTriageOfAProblemWithoutActionToTheLeadingGroup() throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("actionNumber", null);

    assertThat(evaluate("routing.dmn", "decision_triageRouting", variables, "workingGroup"))
        .isEqualTo(Groups.LEADING_GROUP);
  }

  @Test
  void routesCoordinationProblemsToTheTaskForceEvenWhenATaskHasALeadUnit() throws Exception {
    assertThat(analysis("COORDINATION", "unit-qfgw", 3)).isEqualTo("tf-03").isEqualTo(Groups.taskForce(3));
  }

  @Test
  void routesOtherProblemsOfATaskToItsLeadUnit() throws Exception {
    assertThat(analysis("EXECUTION", "unit-qzjw", 2)).isEqualTo("unit-qzjw");
    assertThat(analysis(null, "unit-qzjw", 2)).isEqualTo("unit-qzjw");
  }

  @Test
  void routesProblemsOfAnActionWithoutTaskToItsTaskForce() throws Exception {
    assertThat(analysis("RESOURCES", null, 11)).isEqualTo("tf-11").isEqualTo(Groups.taskForce(11));
  }

  @Test
  void routesProblemsWithoutActionToTheLeadingGroup() throws Exception {
    assertThat(analysis("COORDINATION", null, null)).isEqualTo(Groups.LEADING_GROUP);
  }

  @ParameterizedTest(name = "{0}, {1}万元, public={2} -> {3}")
  @CsvSource({
    "DISTRICT_WIDE, 10, false, LEADING_GROUP",
    "SINGLE_UNIT, 500, false, LEADING_GROUP",
    "SINGLE_UNIT, 499.99, true, WORKING_GROUP",
    "CROSS_DEPARTMENT, 100, true, LEADING_GROUP",
    "CROSS_DEPARTMENT, 100, false, WORKING_GROUP",
    "SINGLE_UNIT, 0, false, WORKING_GROUP"
  })
  void decidesTheApprovalLevelOfAPolicy(String scope, double funding, boolean affectsPublic, String level) throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("measureScope", scope);
    variables.put("estimatedFunding", funding);
    variables.put("affectsPublic", affectsPublic);

    assertThat(evaluate("policy-approval-level.dmn", "decision_policyApprovalLevel", variables, "approvalLevel"))
        .isEqualTo(level);
  }

  @Test
  void suggestsTheTasksUnitsThenTheActionsLeadThenEveryUnitForARerouting() throws Exception {
    assertThat(rerouteSources(1, 1)).containsExactly("TASK_LEAD_UNITS", "TASK_RESPONSIBLE_UNITS", "ACTION_LEAD_UNIT", "ALL_UNITS");
    assertThat(rerouteSources(null, 2)).containsExactly("ACTION_LEAD_UNIT", "ALL_UNITS");
    assertThat(rerouteSources(null, null)).containsExactly("ALL_UNITS");
  }

  private static List<Object> rerouteSources(Integer task, Integer action) throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("taskNumber", task);
    variables.put("actionNumber", action);
    try (InputStream in = Files.newInputStream(Path.of("bpmn", "reroute.dmn"))) {
      DmnDecision decision = engine.parseDecision("decision_rerouteSuggestion", in);
      return engine.evaluateDecisionTable(decision, variables).collectEntries("rerouteSource");
    }
  }

  @ParameterizedTest(name = "{0}, category {1}, cross-department {2}, major {3}: {4} working days")
  @CsvSource(nullValues = "null", value = {
    "TRIAGE, null, false, false, 1",
    "PROVIDE_INFORMATION, EXECUTION, false, false, 3",
    "ANALYSIS, COORDINATION, false, false, 7",
    "ANALYSIS, EXECUTION, true, false, 7",
    "ANALYSIS, EXECUTION, false, true, 5",
    "POLICY_DRAFT, POLICY_GAP, false, true, 15",
    "POLICY_DRAFT, POLICY_GAP, true, false, 10",
    "POLICY_APPROVAL, POLICY_GAP, false, false, 3",
    "RESOLUTION, RESOURCES, false, true, 20",
    "RESOLUTION, RESOURCES, true, false, 20",
    "RESOLUTION, RESOURCES, false, false, 15",
    "VERIFICATION, EXECUTION, false, false, 3",
    "CLOSURE, EXECUTION, true, true, 2",
    "COORDINATION, null, false, false, 3",
    "EXTENSION, EXECUTION, false, false, 3",
    "SIGN_FOR, null, false, false, 1",
    "RETURN_DECISION, null, false, false, 2",
    "LEDGER_APPROVAL, RESOURCES, false, false, 3",
    "LEDGER_REVIEW, RESOURCES, false, false, 5",
    "CALLBACK, EXECUTION, false, false, 5",
    "REINSPECTION, EXECUTION, false, false, 10",
    "SUPERVISION_ORDER, EXECUTION, false, false, 2",
    "LISTING, EXECUTION, false, false, 3"
  })
  void givesEachStageItsTimeLimitInWorkingDays(String stage, String category, boolean crossDepartment, boolean major,
      int days) throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("stage", stage);
    variables.put("category", category);
    variables.put("crossDepartment", crossDepartment);
    variables.put("major", major);

    assertThat(evaluate("time-limits.dmn", "decision_timeLimit", variables, "limitDays")).isEqualTo(days);
  }

  @Test
  void givesNoLimitToAnUnknownStage() throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("stage", "NO_SUCH_STAGE");
    variables.put("category", null);
    variables.put("crossDepartment", false);
    variables.put("major", false);
    try (InputStream in = Files.newInputStream(Path.of("bpmn", "time-limits.dmn"))) {
      DmnDecision decision = engine.parseDecision("decision_timeLimit", in);
      assertThat(engine.evaluateDecisionTable(decision, variables).getSingleResult()).isNull();
    }
  }

  @AfterAll
  static void everyRuleRowWasMatched() throws Exception {
    Set<String> allRules = new HashSet<>();
    for (String file : List.of("routing.dmn", "policy-approval-level.dmn", "reroute.dmn", "time-limits.dmn")) {
      try (InputStream in = Files.newInputStream(Path.of("bpmn", file))) {
        Dmn.readModelFromStream(in).getModelElementsByType(Rule.class).forEach(r -> allRules.add(r.getId()));
      }
    }
    assertThat(matchedRules).containsAll(allRules);
  }

  private static Object analysis(String category, String leadUnitGroup, Integer action) throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("category", category);
    variables.put("leadUnitGroup", leadUnitGroup);
    variables.put("actionNumber", action);
    return evaluate("routing.dmn", "decision_analysisRouting", variables, "analysisGroup");
  }

  private static Object evaluate(String file, String decisionKey, Map<String, Object> variables, String output)
      throws Exception {
    try (InputStream in = Files.newInputStream(Path.of("bpmn", file))) {
      DmnDecision decision = engine.parseDecision(decisionKey, in);
      return engine.evaluateDecisionTable(decision, variables).getSingleResult().getEntry(output);
    }
  }
}
