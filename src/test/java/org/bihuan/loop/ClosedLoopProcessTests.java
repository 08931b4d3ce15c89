package org.bihuan.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bihuan.problem.Category;
import org.bihuan.problem.LifecycleLog;
import org.bihuan.problem.LifecycleType;
import org.bihuan.problem.NewProblem;
import org.bihuan.problem.Policies;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.Problems;
import org.bihuan.problem.Stage;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import java.util.Set;
import org.bihuan.support.FlowNodeCoverage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of {@code closed-loop-issue} and {@code policy-issuance}, each step done by the role
 * the model routes it to; the class fails unless together they pass every flow node of both models.
 */
@BihuanTest
class ClosedLoopProcessTests {

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired Problems problems;
  @Autowired Policies policies;
  @Autowired LifecycleLog lifecycle;
  @Autowired LoopDriver loop;
  @Autowired ProblemProcess process;
  @Autowired org.bihuan.problem.FollowUps followUps;
  @Autowired Reinspection reinspection;
  @Autowired ReinspectionProperties reinspectionProperties;
  @Autowired org.bihuan.calendar.WorkingDays workdays;

  /** Every main instance the tests of this class started, for the coverage check. */
  static final List<ProcessInstance> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

  final Map<String, ProcessInstance> instances = new HashMap<>();
  String ndrc; // 区发改委, lead unit of task 1
  String housing; // 区住建委, responsible unit of task 1

  @AfterAll
  static void everyFlowNodeOfBothProcessesWasPassed(@Autowired HistoryService history) throws Exception {
    Set<String> roots = STARTED.stream().map(ProcessInstance::getId).collect(java.util.stream.Collectors.toSet());
    assertThat(FlowNodeCoverage.missed(history, "closed-loop-issue.bpmn", roots)).as("missed flow nodes").isEmpty();
    assertThat(FlowNodeCoverage.missed(history, "policy-issuance.bpmn", roots)).as("missed flow nodes").isEmpty();
  }

  @BeforeEach
  void setUp() {
    AbstractAssertions.init(engine);
    ndrc = loop.unitCode("区发改委");
    housing = loop.unitCode("区住建委");
  }

  @Test
  void resolvesAProblemWithoutPolicyByLeadAndCoHandlingUnitsToClosure() {
    // given a problem filed on task 1 by 区住建委
    String key = file("长滨路沿线停车场项目审批停滞", 1, housing);
        assertThat(pi(key)).isWaitingAt("userTask_triage");
    assertThat(loop.task(key, "userTask_triage")).hasCandidateGroup("wg-01");

    // when the working group accepts, the lead unit analyses, both units resolve, WG verifies and closes
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    assertThat(pi(key)).isWaitingAt("userTask_analyse");
    assertThat(loop.task(key, "userTask_analyse")).hasCandidateGroup("unit-" + ndrc);
    analyse(key, "unit-" + ndrc, ndrc, List.of(housing), false);
    assertThat(pi(key)).isWaitingAt("userTask_signFor");
    resolve(key, ndrc, "已协调规划审批");
    resolve(key, housing, "已完成施工许可");
    assertThat(pi(key)).isWaitingAt("userTask_verify");
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    loop.complete("wg01", key, "userTask_close",
        Map.of("satisfaction", "5", "lessons", "早协调", "typicalCase", false, "bestPractice", true));
    assertThat(pi(key)).isWaitingAt("userTask_callback");
    assertThat(loop.task(key, "userTask_callback")).hasCandidateGroup("unit-" + housing);
    loop.finishAfterClosure(housing, "wg01", key);

    // then
    assertThat(pi(key)).isEnded().hasPassed("endEvent_closed").hasNotPassed("callActivity_issuePolicy");
    ProblemRecord closed = problems.get(key);
    assertThat(closed.stage()).isEqualTo(Stage.CLOSED);
    assertThat(closed.satisfaction()).isEqualTo(5);
    assertThat(closed.bestPractice()).isTrue();
    assertThat(closed.closedAt()).isNotNull();
    assertThat(lifecycle.history(key)).extracting(e -> e.type()).startsWith(
        LifecycleType.OPENED, LifecycleType.TRIAGED, LifecycleType.ASSIGNED, LifecycleType.UNIT_SIGNED,
        LifecycleType.UNIT_REPORTED, LifecycleType.UNIT_SIGNED, LifecycleType.UNIT_REPORTED, LifecycleType.RESOLVED,
        LifecycleType.VERIFIED, LifecycleType.CLOSED, LifecycleType.CALLBACK_RECORDED);
    assertThat(lifecycle.history(key)).filteredOn(e -> e.type() == LifecycleType.UNIT_SIGNED)
        .extracting(e -> e.actor()).containsExactly(ndrc, housing);
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(key).finished().list())
        .extracting(t -> t.getTaskDefinitionKey() + "/" + t.getAssignee())
        .contains(
            "userTask_triage/wg01", "userTask_analyse/" + ndrc, "userTask_signFor/" + ndrc, "userTask_resolve/" + ndrc,
            "userTask_signFor/" + housing, "userTask_resolve/" + housing, "userTask_verify/wg01", "userTask_close/wg01",
            "userTask_callback/" + housing);
    assertThat(runtime.createVariableInstanceQuery().processInstanceIdIn(pi(key).getId()).count()).isZero();
  }

  @Test
  void rejectsAProblemWithAReason() {
    String key = file("与清单无关的诉求", 2, housing);

    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "REJECT", "rejectReason", "不属于本专项职责"));

    assertThat(pi(key)).isEnded().hasPassed("endEvent_rejected");
    assertThat(problems.get(key).stage()).isEqualTo(Stage.REJECTED);
    assertThat(problems.get(key).rejectReason()).isEqualTo("不属于本专项职责");
  }

  @Test
  void refusesARejectionWithoutReasonAndChangesNothing() {
    String key = file("缺少理由的驳回", 3, housing);

    assertThatThrownBy(() -> loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "REJECT")))
        .isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("不予受理须说明理由");

    assertThat(pi(key)).isWaitingAt("userTask_triage");
    assertThat(problems.get(key).stage()).isEqualTo(Stage.TRIAGE);
    assertThat(lifecycle.history(key)).extracting(e -> e.type()).containsExactly(LifecycleType.OPENED);
  }

  @Test
  void mergesADuplicateIntoTheOpenOriginal() {
    String original = file("菜园坝片区征收进度滞后", 5, housing);
    String duplicate = file("菜园坝片区征收进度滞后", 5, ndrc);
    assertThat(problems.get(duplicate).possibleDuplicateOf()).isEqualTo(original);

    loop.complete("wg02", duplicate, "userTask_triage", Map.of("triageDecision", "MERGE", "duplicateOf", original));

    assertThat(pi(duplicate)).isEnded().hasPassed("endEvent_merged");
    assertThat(problems.get(duplicate).mergedInto()).isEqualTo(original);
    assertThat(problems.notes(original)).extracting(n -> n.kind()).contains("MERGED_DUPLICATE");
    assertThat(pi(original)).isWaitingAt("userTask_triage");
  }

  @Test
  void refusesToMergeIntoAnUnknownProblem() {
    String key = file("合并目标不存在", 5, housing);

    assertThatThrownBy(() -> loop.complete("wg02", key, "userTask_triage",
            Map.of("triageDecision", "MERGE", "duplicateOf", "BH-1999-000001")))
        .isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("不存在");
    assertThat(pi(key)).isWaitingAt("userTask_triage");
  }

  @Test
  void asksTheReporterForMoreInformationThenTriagesAgain() {
    String key = file("信息不全的问题", 4, housing);

    loop.complete("wg02", key, "userTask_triage", Map.of("triageDecision", "MORE_INFO", "infoRequest", "请补充具体路段"));
    assertThat(pi(key)).isWaitingAt("userTask_provideInformation");
    assertThat(problems.get(key).stage()).isEqualTo(Stage.INFO_REQUESTED);
    loop.complete(housing, key, "userTask_provideInformation", Map.of("additionalInformation", "长滨路储奇门段"));

    assertThat(pi(key)).isWaitingAt("userTask_triage");
    assertThat(problems.get(key).stage()).isEqualTo(Stage.TRIAGE);
    assertThat(problems.notes(key)).extracting(n -> n.kind() + ":" + n.text())
        .containsExactly("INFO_REQUEST:请补充具体路段", "INFO:长滨路储奇门段");
  }

  @Test
  void issuesAMinorPolicyApprovedByTheWorkingGroupAlone() {
    String key = file("停车场收费标准缺位", 8, housing);
    loop.complete("wg02", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "POLICY_GAP"));
    String analyst = LoopDriver.userOf(variable(key, "analysisGroup"));
    analyse(key, "unit-" + analyst, analyst, List.of(), true);
    assertThat(problems.get(key).stage()).isEqualTo(Stage.POLICY);

    draft(key, analyst, "SINGLE_UNIT", 50, false);
    review(key, "wg02", "userTask_approveByWorkingGroup", "APPROVE", null);

    assertThat(pi(key)).isWaitingAt("userTask_signFor");
    assertThat(policies.ofProblem(key)).singleElement().satisfies(p -> {
      assertThat(p.status()).isEqualTo("PUBLISHED");
      assertThat(p.approvalLevel()).isEqualTo("WORKING_GROUP");
      assertThat(p.number()).matches("BH-ZC-\\d{4}-\\d{4}");
    });
    assertThat(variable(key, "policyNumber")).isEqualTo(policies.ofProblem(key).get(0).number());
    assertThat(problems.get(key).stage()).isEqualTo(Stage.RESOLUTION);
  }

  @Test
  void issuesAMajorPolicyAfterReturnsByBothTiers() {
    String key = file("全区老旧小区停车政策缺位", null, housing, 2);
    loop.complete("wg02", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "COORDINATION"));
    assertThat(loop.task(key, "userTask_analyse")).hasCandidateGroup("tf-02");
    analyse(key, "tf-02", "tf02", List.of(ndrc), true);

    draft(key, "tf02", "DISTRICT_WIDE", 800, true);
    review(key, "wg02", "userTask_approveByWorkingGroup", "RETURN", "资金测算不足");
    draft(key, "tf02", "DISTRICT_WIDE", 900, true);
    review(key, "wg02", "userTask_approveByWorkingGroup", "APPROVE", null);
    assertThat(loop.task(key, "userTask_approveByLeadingGroup")).hasCandidateGroup("leading-group");
    review(key, "leader", "userTask_approveByLeadingGroup", "RETURN", "须征求群众意见");
    draft(key, "tf02", "DISTRICT_WIDE", 900, true);
    review(key, "wg02", "userTask_approveByWorkingGroup", "APPROVE", null);
    review(key, "leader", "userTask_approveByLeadingGroup", "APPROVE", "同意");

    assertThat(pi(key)).isWaitingAt("userTask_signFor");
    assertThat(policies.ofProblem(key)).singleElement().satisfies(p -> {
      assertThat(p.status()).isEqualTo("PUBLISHED");
      assertThat(p.approvalLevel()).isEqualTo("LEADING_GROUP");
    });
    assertThat(problems.notes(key)).extracting(n -> n.kind())
        .containsExactly("POLICY_RETURNED", "POLICY_RETURNED", "POLICY_APPROVAL");
  }

  @Test
  void reopensAtAnalysisWhenVerificationFailsAndCountsTheRework() {
    String key = file("整改不到位的问题", 1, housing);
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    analyse(key, "unit-" + ndrc, ndrc, List.of(), false);
    resolve(key, ndrc, "已部分整改");

    loop.complete("wg01", key, "userTask_verify",
        Map.of("verificationDecision", "REOPEN", "verificationComment", "现场核查仍有问题"));

    assertThat(pi(key)).isWaitingAt("userTask_analyse");
    assertThat(problems.get(key).reworkCount()).isEqualTo(1);
    assertThat(problems.get(key).stage()).isEqualTo(Stage.ANALYSIS);
    analyse(key, "unit-" + ndrc, ndrc, List.of(), false);
    resolve(key, ndrc, "已全部整改");
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    loop.complete("wg01", key, "userTask_close", Map.of("satisfaction", "3"));
    loop.finishAfterClosure(housing, "wg01", key);
    assertThat(pi(key)).isEnded();
    assertThat(lifecycle.history(key)).extracting(e -> e.type())
        .contains(LifecycleType.REJECTED_AT_VERIFICATION, LifecycleType.REOPENED);
  }

  @Test
  void refusesVerificationByOneOfTheResolvers() {
    String key = file("办理人自我核查", 1, housing);
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    analyse(key, "unit-" + ndrc, ndrc, List.of(), false);
    resolve(key, ndrc, "已办理");
    engine.getIdentityService().createMembership(ndrc, "wg-01");
    try {
      assertThatThrownBy(() -> loop.complete(ndrc, key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED")))
          .isInstanceOf(BadUserRequestException.class)
          .hasMessageContaining("核查人不能是本问题的办理人");
    } finally {
      engine.getIdentityService().deleteMembership(ndrc, "wg-01");
    }
    assertThat(problems.get(key).stage()).isEqualTo(Stage.VERIFICATION);
  }

  @Test
  void registersAProblemFiledThroughTheTasklistStartForm() {
    Map<String, Object> form = new HashMap<>();
    form.put("title", "表单上报的问题");
    form.put("description", "通过任务列表启动表单上报");
    form.put("taskNumber", 23L);
    form.put("suggestedCategory", "RESOURCES");

    ProcessInstance pi = loop.startByForm(housing, form);
    STARTED.add(pi);

    String key = runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).singleResult().getBusinessKey();
    assertThat(key).matches("BH-\\d{4}-\\d{6}");
    ProblemRecord problem = problems.get(key);
    assertThat(problem.actionNumber()).isEqualTo(5);
    assertThat(problem.reporterUnitCode()).isEqualTo(housing);
    assertThat(problem.reporterUser()).isEqualTo(housing);
    assertThat(problem.source()).isEqualTo("FORM");
    assertThat(runtime.getVariable(pi.getId(), "description")).isNull();
    assertThat(loop.task(key, "userTask_triage")).hasCandidateGroup("wg-05");
  }

  @Test
  void takesProgressAndResolutionFromAUnitsOwnSystemAsMessages() {
    String key = file("由部门系统报告办理情况的问题", 1, housing);
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    analyse(key, "unit-" + ndrc, ndrc, List.of(housing), false);
    loop.signFor(ndrc, key);

    boolean progress = process.correlate(key, "bihuan.progress-reported." + ndrc,
        Map.of("progress", "已完成现场踏勘", "percentComplete", 40), "kafka:" + ndrc, List.of("unit-" + ndrc, "bihuan-event-gateway"));
    boolean resolved = process.correlate(key, "bihuan.resolution-reported." + ndrc,
        Map.of("actionsTaken", "已批复规划调整", "outcome", "RESOLVED"), "kafka:" + ndrc, List.of("unit-" + ndrc, "bihuan-event-gateway"));

    assertThat(progress).isTrue();
    assertThat(resolved).isTrue();
    assertThat(pi(key)).hasPassed("boundaryEvent_progressReported", "serviceTask_recordProgress",
        "boundaryEvent_resolutionReported");
    assertThat(problems.notes(key)).extracting(n -> n.kind() + ":" + n.text()).contains("PROGRESS:已完成现场踏勘");
    assertThat(problems.currentResolutionReports(key)).extracting(r -> r.unitCode() + "/" + r.reportedBy())
        .containsExactly(ndrc + "/kafka:" + ndrc);
    assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey(key)
        .taskDefinitionKey("userTask_resolve").taskCandidateGroup("unit-" + ndrc).count()).isZero();
    assertThat(process.correlate(key, "bihuan.resolution-reported." + ndrc, Map.of("actionsTaken", "again",
        "outcome", "RESOLVED"), "kafka:" + ndrc, List.of("unit-" + ndrc, "bihuan-event-gateway"))).as("nobody waits twice").isFalse();
    resolve(key, housing, "已完成施工许可");
    assertThat(pi(key)).isWaitingAt("userTask_verify");
  }

  @Test
  void sendsAUnitsEscalationToTheLeadingGroupWithoutStoppingTheLoop() {
    String key = file("被其他单位阻塞的问题", 2, housing);

    assertThat(process.correlate(key, "bihuan.escalation-requested",
        Map.of("escalationReason", "交通局迟迟不出具意见", "escalatingUnit", housing), "kafka:" + housing,
        List.of("unit-" + housing, "bihuan-event-gateway"))).isTrue();

    assertThat(loop.task(key, "userTask_coordinate")).hasCandidateGroup("leading-group");
    assertThat(lifecycle.history(key)).extracting(e -> e.type()).contains(LifecycleType.ESCALATED);
    loop.complete("leader", key, "userTask_coordinate", Map.of("coordinationDecision", "请区交通局三日内出具意见"));
    assertThat(problems.notes(key)).extracting(n -> n.kind()).contains("ESCALATION", "COORDINATION");
    assertThat(pi(key)).hasPassed("endEvent_escalationHandled").isWaitingAt("userTask_triage");
  }

  @Test
  void grantsAnExtensionAndMovesTheDeadlineOfTheOpenTasks() {
    String key = inResolution("申请延期并获批的问题");

    requestExtension(key);
    loop.complete("wg01", key, "userTask_decideExtension",
        Map.of("extensionDecision", "GRANT", "newDeadline", LocalDate.now().plusDays(90).toString()));

    assertThat(lifecycle.history(key)).extracting(e -> e.type())
        .contains(LifecycleType.EXTENSION_REQUESTED, LifecycleType.EXTENSION_GRANTED);
    java.time.Instant due = problems.get(key).resolutionDue();
    assertThat(due).isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(80)));
    assertThat(loop.task(key, "userTask_resolve").getDueDate().toInstant()).isEqualTo(due);
    assertThat(pi(key)).hasPassed("endEvent_extensionDecided");
  }

  @Test
  void refusesAnExtensionWithAReason() {
    String key = inResolution("申请延期被拒的问题");
    java.time.Instant before = problems.get(key).resolutionDue();

    requestExtension(key);
    assertThatThrownBy(() -> loop.complete("wg01", key, "userTask_decideExtension", Map.of("extensionDecision", "REFUSE")))
        .isInstanceOf(BadUserRequestException.class).hasMessageContaining("不同意延期须说明理由");
    loop.complete("wg01", key, "userTask_decideExtension",
        Map.of("extensionDecision", "REFUSE", "extensionComment", "理由不充分"));

    assertThat(lifecycle.history(key)).extracting(e -> e.type()).contains(LifecycleType.EXTENSION_REFUSED);
    assertThat(problems.get(key).resolutionDue()).isEqualTo(before);
  }


  // ---- 签收 / 退回 ---------------------------------------------------------------------------------

  @Test
  void refusesAReturnWithoutReasonAndChangesNothing() {
    String key = inResolutionUnsigned("无理由退回的问题");

    assertThatThrownBy(() -> loop.complete(ndrc, key, "userTask_signFor", Map.of("signForDecision", "RETURN")))
        .isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("退回须说明理由")
        .hasMessageContaining("a return needs a reason");

    assertThat(pi(key)).isWaitingAt("userTask_signFor");
    assertThat(lifecycle.history(key)).extracting(e -> e.type()).doesNotContain(LifecycleType.ASSIGNMENT_RETURNED);
  }

  @Test
  void reroutesAReturnedAssignmentToTheUnitTheWorkingGroupChooses() {
    String key = inResolutionUnsigned("退回后改派的问题");
    String transport = loop.unitCode("区交通局");

    loop.complete(ndrc, key, "userTask_signFor", Map.of("signForDecision", "RETURN", "returnReason", "本单位不负责停车场审批"));
    assertThat(loop.task(key, "userTask_decideReturn")).hasCandidateGroup("wg-01");
    assertThat(pi(key)).hasPassed("businessRuleTask_suggestReroute");
    assertThat(engine.getTaskService().getVariable(loop.task(key, "userTask_decideReturn").getId(), "rerouteOptions").toString())
        .contains("区住建委（建议）");
    assertThatThrownBy(() -> loop.complete("wg01", key, "userTask_decideReturn", Map.of("returnDecision", "REROUTE")))
        .isInstanceOf(BadUserRequestException.class).hasMessageContaining("改派单位");
    loop.complete("wg01", key, "userTask_decideReturn", Map.of("returnDecision", "REROUTE", "rerouteUnit", transport));

    assertThat(loop.candidateGroups(key, "userTask_signFor")).containsExactly("unit-" + transport);
    assertThat(problems.resolvingUnits(key)).containsExactly(transport);
    loop.signFor(transport, key);
    resolveSigned(key, transport, "已由区交通局办理");
    assertThat(pi(key)).isWaitingAt("userTask_verify");
    assertThat(lifecycle.history(key)).extracting(e -> e.type()).containsSubsequence(
        LifecycleType.ASSIGNMENT_RETURNED, LifecycleType.REROUTED, LifecycleType.UNIT_SIGNED, LifecycleType.UNIT_REPORTED);
    assertThat(problems.notes(key)).extracting(n -> n.kind() + ":" + n.text())
        .contains("ASSIGNMENT_RETURNED:本单位不负责停车场审批");
  }

  @Test
  void insistsOnAReturnedAssignmentWithAnAnswer() {
    String key = inResolutionUnsigned("退回被驳回的问题");

    loop.complete(ndrc, key, "userTask_signFor", Map.of("signForDecision", "RETURN", "returnReason", "应由街道办理"));
    assertThatThrownBy(() -> loop.complete("wg01", key, "userTask_decideReturn", Map.of("returnDecision", "INSIST")))
        .isInstanceOf(BadUserRequestException.class).hasMessageContaining("不同意退回须答复单位");
    loop.complete("wg01", key, "userTask_decideReturn", Map.of("returnDecision", "INSIST", "returnAnswer", "清单明确由区发改委牵头"));

    assertThat(loop.candidateGroups(key, "userTask_resolve")).containsExactly("unit-" + ndrc);
    assertThat(problems.notes(key)).extracting(n -> n.kind() + ":" + n.text()).contains("RETURN_ANSWER:清单明确由区发改委牵头");
    assertThat(lifecycle.history(key)).extracting(e -> e.type()).contains(LifecycleType.RETURN_REFUSED);
    resolveSigned(key, ndrc, "已办理");
    assertThat(pi(key)).isWaitingAt("userTask_verify");
  }

  @Test
  void takesSignForAndReturnFromAUnitsOwnSystemAsMessages() {
    String key = file("由部门系统签收和退回的问题", 1, housing);
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    analyse(key, "unit-" + ndrc, ndrc, List.of(housing), false);

    assertThat(process.correlate(key, "bihuan.assignment-signed." + ndrc, Map.of("signForDecision", "SIGN"),
        "kafka:" + ndrc, List.of("unit-" + ndrc, "bihuan-event-gateway"))).isTrue();
    assertThat(process.correlate(key, "bihuan.assignment-returned." + housing,
        Map.of("signForDecision", "RETURN", "returnReason", "本单位不涉及"), "kafka:" + housing,
        List.of("unit-" + housing, "bihuan-event-gateway"))).isTrue();

    assertThat(pi(key)).hasPassed("boundaryEvent_signedByEvent", "boundaryEvent_returnedByEvent");
    assertThat(loop.candidateGroups(key, "userTask_resolve")).containsExactly("unit-" + ndrc);
    assertThat(loop.task(key, "userTask_decideReturn")).isNotNull();
    assertThat(lifecycle.history(key)).filteredOn(e -> e.type() == LifecycleType.UNIT_SIGNED)
        .extracting(e -> e.actor()).containsExactly("kafka:" + ndrc);
  }

  // ---- 挂账 ----------------------------------------------------------------------------------------

  @Test
  void putsAProblemOnTheLedgerAndBringsItBackOnItsReviewDate() {
    String key = accepted("需要预算安排的问题");
    LocalDate reviewOn = LocalDate.of(2026, 10, 9); // a Friday after National Day: a working day
    java.util.Date before = java.util.Date.from(java.time.ZonedDateTime.of(2026, 9, 1, 10, 0, 0, 0, Problems.ZONE).toInstant());
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(before);
    try {
      loop.complete(ndrc, key, "userTask_analyse", Map.of("analysisOutcome", "LEDGER",
          "ledgerReason", "须列入明年财政预算", "ledgerReviewDate", reviewOn.toString()));
      assertThat(loop.task(key, "userTask_approveLedger")).hasCandidateGroup("leading-group");
      loop.complete("leader", key, "userTask_approveLedger", Map.of("ledgerDecision", "APPROVE"));

      assertThat(problems.get(key).stage()).isEqualTo(Stage.LEDGER);
      assertThat(Stage.LEDGER.isFinal()).as("a ledger problem is never counted as closed").isFalse();
      var job = engine.getManagementService().createJobQuery().processInstanceId(pi(key).getId()).timers().singleResult();
      assertThat(job.getDuedate().toInstant()).isEqualTo(reviewOn.atStartOfDay(Problems.ZONE).toInstant());

      // on the review date the working group keeps it, with a new date on a rest day (moved to the next working day)
      engine.getManagementService().executeJob(job.getId());
      LocalDate nextReview = LocalDate.of(2027, 1, 3); // a Sunday
      loop.complete("wg01", key, "userTask_reviewLedger", Map.of("ledgerReviewDecision", "KEEP", "ledgerReviewDate", nextReview.toString()));
      job = engine.getManagementService().createJobQuery().processInstanceId(pi(key).getId()).timers().singleResult();
      assertThat(job.getDuedate().toInstant()).isEqualTo(LocalDate.of(2027, 1, 4).atStartOfDay(Problems.ZONE).toInstant());
      assertThat(problems.get(key).stage()).isEqualTo(Stage.LEDGER);

      // the next time it continues at analysis
      engine.getManagementService().executeJob(job.getId());
      loop.complete("wg01", key, "userTask_reviewLedger", Map.of("ledgerReviewDecision", "CONTINUE"));
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
    assertThat(pi(key)).isWaitingAt("userTask_analyse");
    assertThat(problems.get(key).stage()).isEqualTo(Stage.ANALYSIS);
    assertThat(lifecycle.history(key)).extracting(e -> e.type()).containsSubsequence(LifecycleType.LEDGER_PROPOSED,
        LifecycleType.LEDGER_APPROVED, LifecycleType.LEDGER_KEPT, LifecycleType.LEDGER_RESUMED);
  }

  @Test
  void aRefusedLedgerEntryGoesBackToAnalysis() {
    String key = accepted("挂账被拒的问题");

    loop.complete(ndrc, key, "userTask_analyse", Map.of("analysisOutcome", "LEDGER",
        "ledgerReason", "等待上级修法", "ledgerReviewDate", LocalDate.now().plusDays(60).toString()));
    assertThatThrownBy(() -> loop.complete("leader", key, "userTask_approveLedger", Map.of("ledgerDecision", "REFUSE")))
        .isInstanceOf(BadUserRequestException.class).hasMessageContaining("不同意挂账须说明理由");
    loop.complete("leader", key, "userTask_approveLedger", Map.of("ledgerDecision", "REFUSE", "ledgerComment", "现行政策可解决"));

    assertThat(pi(key)).isWaitingAt("userTask_analyse");
    assertThat(problems.get(key).stage()).isEqualTo(Stage.ANALYSIS);
    assertThat(lifecycle.history(key)).extracting(e -> e.type()).contains(LifecycleType.LEDGER_REFUSED);
  }

  // ---- 回访 / 回头看 ---------------------------------------------------------------------------------

  @Test
  void aDissatisfiedCallbackLetsTheWorkingGroupReopenTheProblem() {
    String key = closed("回访不满意的问题");

    assertThatThrownBy(() -> loop.complete(housing, key, "userTask_callback", Map.of("callbackRating", "DISSATISFIED")))
        .isInstanceOf(BadUserRequestException.class).hasMessageContaining("不满意须说明原因");
    loop.complete(housing, key, "userTask_callback", Map.of("callbackRating", "DISSATISFIED", "callbackComment", "停车场仍未开工"));
    assertThat(loop.task(key, "userTask_reviewCallback")).hasCandidateGroup("wg-01");
    loop.complete("wg01", key, "userTask_reviewCallback",
        Map.of("callbackReviewDecision", "REOPEN", "callbackReviewComment", "核实仍未开工，重新办理"));

    assertThat(pi(key)).isWaitingAt("userTask_analyse");
    ProblemRecord reopened = problems.get(key);
    assertThat(reopened.stage()).isEqualTo(Stage.ANALYSIS);
    assertThat(reopened.closedAt()).isNull();
    assertThat(followUps.reopenCount(key)).isEqualTo(1);
    assertThat(lifecycle.history(key)).extracting(e -> e.type())
        .endsWith(LifecycleType.CALLBACK_RECORDED, LifecycleType.REOPENED);

    // the second round runs as the first (fresh resolution round) and closes again
    analyse(key, "unit-" + ndrc, ndrc, List.of(), false);
    resolve(key, ndrc, "已开工");
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    loop.complete("wg01", key, "userTask_close", Map.of("satisfaction", "4"));
    loop.finishAfterClosure(housing, "wg01", key);
    assertThat(pi(key)).isEnded();
  }

  @Test
  void aDissatisfiedCallbackMayBeAnsweredAndTheClosureConfirmed() {
    String key = closed("回访不满意但维持结案的问题");

    loop.complete(housing, key, "userTask_callback", Map.of("callbackRating", "DISSATISFIED", "callbackComment", "希望更快"));
    loop.complete("wg01", key, "userTask_reviewCallback",
        Map.of("callbackReviewDecision", "CONFIRM", "callbackReviewComment", "已按时限办结"));

    assertThat(pi(key)).hasPassed("gateway_drawReinspection");
    assertThat(problems.get(key).stage()).isEqualTo(Stage.CLOSED);
    assertThat(followUps.reopenCount(key)).isZero();
    assertThat(problems.notes(key)).extracting(n -> n.kind()).contains("CALLBACK", "CALLBACK_ANSWER");
  }

  @Test
  void reinspectsADrawnProblemAfterTheConfiguredWorkingDaysAndReopensItWhenItFails() {
    String key = drawnForReinspection("回头看未通过的问题");
    walkToClosure(key);
    java.time.Instant callbackAt = java.time.Instant.now();
    loop.complete(housing, key, "userTask_callback", Map.of("callbackRating", "BASICALLY_SATISFIED"));

    var job = engine.getManagementService().createJobQuery().processInstanceId(pi(key).getId())
        .activityId("timerEvent_reinspectionDue").singleResult();
    java.time.LocalDate due = job.getDuedate().toInstant().atZone(Problems.ZONE).toLocalDate();
    assertThat(workdays.workingDaysBetween(callbackAt.atZone(Problems.ZONE).toLocalDate(), due))
        .isEqualTo(reinspectionProperties.delayWorkingDays());
    engine.getManagementService().executeJob(job.getId());
    assertThatThrownBy(() -> loop.complete("wg01", key, "userTask_reinspect", Map.of("reinspectionResult", "FAILED")))
        .isInstanceOf(BadUserRequestException.class).hasMessageContaining("回头看未通过须说明发现的问题");
    loop.complete("wg01", key, "userTask_reinspect", Map.of("reinspectionResult", "FAILED", "reinspectionFinding", "占道停车反弹"));

    assertThat(pi(key)).isWaitingAt("userTask_analyse");
    assertThat(followUps.reopenCount(key)).isEqualTo(1);
    assertThat(lifecycle.history(key)).extracting(e -> e.type()).endsWith(LifecycleType.REINSPECTED, LifecycleType.REOPENED);

    // closed again, the same key is drawn again (same seed): re-inspected once more, and passes
    analyse(key, "unit-" + ndrc, ndrc, List.of(), false);
    resolve(key, ndrc, "已整治反弹");
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    loop.complete("wg01", key, "userTask_close", Map.of("satisfaction", "4"));
    loop.complete(housing, key, "userTask_callback", Map.of("callbackRating", "SATISFIED"));
    assertThat(pi(key)).isWaitingAt("timerEvent_reinspectionDue");
    engine.getManagementService().executeJob(engine.getManagementService().createJobQuery()
        .processInstanceId(pi(key).getId()).activityId("timerEvent_reinspectionDue").singleResult().getId());
    loop.complete("wg01", key, "userTask_reinspect", Map.of("reinspectionResult", "PASSED"));
    assertThat(pi(key)).isEnded().hasPassed("endEvent_closed");
  }

  @Test
  void aProblemNotDrawnEndsAfterItsCallback() {
    String key = file("未抽中回头看的问题", 1, housing);
    while (reinspection.drawn(key)) {
      key = file("未抽中回头看的问题", 1, housing);
    }
    walkToClosure(key);
    loop.complete(housing, key, "userTask_callback", Map.of("callbackRating", "SATISFIED"));
    assertThat(pi(key)).isEnded().hasPassed("endEvent_closed").hasNotPassed("timerEvent_reinspectionDue");
  }

  // ---------------------------------------------------------------------------------------------

  private String inResolutionUnsigned(String title) {
    String key = file(title, 1, housing);
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "RESOURCES"));
    analyse(key, "unit-" + ndrc, ndrc, List.of(), false);
    assertThat(loop.candidateGroups(key, "userTask_signFor")).containsExactly("unit-" + ndrc);
    return key;
  }

  private String accepted(String title) {
    String key = file(title, 1, housing);
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "RESOURCES"));
    return key;
  }

  private String closed(String title) {
    String key = file(title, 1, housing);
    walkToClosure(key);
    return key;
  }

  private void walkToClosure(String key) {
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    analyse(key, "unit-" + ndrc, ndrc, List.of(), false);
    resolve(key, ndrc, "已办理");
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    loop.complete("wg01", key, "userTask_close", Map.of("satisfaction", "4"));
    assertThat(problems.get(key).stage()).isEqualTo(Stage.CLOSED);
  }

  /** Files problems until one is in the re-inspection sample (about one in ten with the default share). */
  private String drawnForReinspection(String title) {
    String key = file(title, 1, housing);
    while (!reinspection.drawn(key)) {
      key = file(title, 1, housing);
    }
    return key;
  }

  private String inResolution(String title) {
    String key = file(title, 1, housing);
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "RESOURCES"));
    analyse(key, "unit-" + ndrc, ndrc, List.of(), false);
    loop.signFor(ndrc, key);
    return key;
  }

  private void requestExtension(String key) {
    assertThat(process.correlate(key, "bihuan.extension-requested", Map.of("extensionReason", "资金未到位",
        "requestedDue", LocalDate.now().plusDays(90).toString(), "extensionUnit", ndrc), "kafka:" + ndrc,
        List.of("unit-" + ndrc, "bihuan-event-gateway"))).isTrue();
    assertThat(loop.task(key, "userTask_decideExtension")).hasCandidateGroup("wg-01");
  }

  private String file(String title, Integer task, String unit) {
    return file(title, task, unit, null);
  }

  private String file(String title, Integer task, String unit, Integer action) {
    String key = problems.file(
        new NewProblem(title, title + "：详细情况", action, task, unit, Category.EXECUTION, null), "REST", null, java.util.List.of());
    pi(key);
    return key;
  }

  private void analyse(String key, String group, String user, List<String> coUnits, boolean needsPolicy) {
    assertThat(loop.task(key, "userTask_analyse")).hasCandidateGroup(group);
    Map<String, Object> analysis = new HashMap<>();
    analysis.put("rootCause", "审批环节多、协调不畅");
    analysis.put("category", "EXECUTION");
    analysis.put("leadUnit", ndrc);
    analysis.put("coUnits", coUnits);
    analysis.put("measures", "建立专班周调度");
    analysis.put("resolutionDeadline", LocalDate.now().plusDays(30).toString());
    analysis.put("needsPolicy", needsPolicy);
    loop.complete(user, key, "userTask_analyse", analysis);
  }

  private void resolveSigned(String key, String unit, String actions) {
    String taskId = engine.getTaskService().createTaskQuery().processInstanceBusinessKey(key)
        .taskDefinitionKey("userTask_resolve").taskCandidateGroup("unit-" + unit).singleResult().getId();
    assertThat(taskId).isNotNull();
    loop.complete(unit, key, "userTask_resolve", Map.of("actionsTaken", actions, "outcome", "RESOLVED"));
  }

  /** The unit's 签收 and then its 办理. */
  private void resolve(String key, String unit, String actions) {
    loop.signFor(unit, key);
    resolveSigned(key, unit, actions);
  }

  private void draft(String key, String user, String scope, int funding, boolean affectsPublic) {
    loop.complete(user, key, "userTask_draftPolicy", Map.of(
        "policyTitle", "停车设施建设管理办法", "policySummary", "明确收费与建设标准",
        "measureScope", scope, "estimatedFunding", funding, "affectsPublic", affectsPublic));
  }

  private void review(String key, String user, String activity, String decision, String comment) {
    Map<String, Object> review = new HashMap<>();
    review.put("reviewDecision", decision);
    review.put("reviewComment", comment);
    loop.complete(user, key, activity, review);
  }

  /** The problem's main process instance, captured while it ran so assertions work after its end. */
  private ProcessInstance pi(String key) {
    return instances.computeIfAbsent(key, k -> {
      ProcessInstance instance = runtime.createProcessInstanceQuery()
          .processInstanceBusinessKey(k).processDefinitionKey("closed-loop-issue").singleResult();
      STARTED.add(instance);
      return instance;
    });
  }

  private String variable(String key, String name) {
    return (String) runtime.getVariable(pi(key).getId(), name);
  }
}
