package org.bihuan.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bihuan.identity.Groups;
import org.bihuan.problem.Category;
import org.bihuan.problem.LifecycleLog;
import org.bihuan.problem.LifecycleType;
import org.bihuan.problem.Light;
import org.bihuan.problem.NewProblem;
import org.bihuan.problem.ProblemFilter;
import org.bihuan.problem.ProblemScope;
import org.bihuan.problem.Problems;
import org.bihuan.problem.TaskLights;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.FlowNodeCoverage;
import org.bihuan.support.LoopDriver;
import org.bihuan.loop.ProblemProcess;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Staged supervision (督办) of user tasks on Camunda's clock: 预警 → 催办, 超期 → 督办单, 挂牌督办, each
 * once, at working-day instants of the 2026 notice, cancelled by completion, moved by an extension.
 * The class fails unless its tests pass every flow node of {@code task-supervision}.
 */
@BihuanTest
class SupervisionProcessTests {

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  static final Set<String> SUPERVISIONS = ConcurrentHashMap.newKeySet();

  @Autowired Problems problems;
  @Autowired LifecycleLog lifecycle;
  @Autowired LoopDriver loop;
  @Autowired ProblemProcess process;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired TaskLights lights;

  String housing;
  String ndrc;

  @BeforeEach
  void setUp() {
    housing = loop.unitCode("区住建委");
    ndrc = loop.unitCode("区发改委");
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @AfterAll
  static void everyFlowNodeOfTheSupervisionWasPassed(@Autowired HistoryService history) throws Exception {
    assertThat(FlowNodeCoverage.missed(history, "task-supervision.bpmn", SUPERVISIONS)).as("missed flow nodes").isEmpty();
  }

  @Test
  void warnsSupervisesAndListsALateTriageOnceEachAcrossTheNationalDayWeek() {
    // filed on Wednesday 30 September 10:00; 1 working day: 1–7 October are off, the 8th is the next working day
    at("2026-09-30T10:00");
    String key = file("国庆前上报、节后超期的问题");
    Task triage = loop.task(key, "userTask_triage");
    assertThat(triage.getDueDate()).isEqualTo(date("2026-10-08T18:00"));
    String supervision = supervisionOf(triage);
    // 13 office hours in the limit (6 on the 30th, 7 on the 8th); two thirds = 8h40m → 8 October 11:40
    assertThat(timers(supervision)).containsExactlyInAnyOrder(
        date("2026-10-08T11:40"), date("2026-10-08T18:00"), date("2026-10-12T18:00"));
    assertThat(lightOf(key, triage)).isEqualTo(Light.GREEN);

    at("2026-10-08T11:39");
    assertThat(fire(supervision)).isZero();
    at("2026-10-08T11:40");
    assertThat(fire(supervision)).isEqualTo(1);
    assertThat(fire(supervision)).as("once").isZero();
    assertThat(lightOf(key, triage)).isEqualTo(Light.YELLOW);
    assertThat(tasks.getTaskComments(triage.getId())).extracting(c -> c.getFullMessage()).singleElement()
        .asString().contains("催办").contains("2026-10-08 18:00");
    assertThat(tasks.createTaskQuery().taskId(triage.getId()).singleResult().getFollowUpDate())
        .isEqualTo(date("2026-10-08T11:40"));

    at("2026-10-08T18:00");
    assertThat(fire(supervision)).isEqualTo(1);
    assertThat(lightOf(key, triage)).isEqualTo(Light.RED);
    Task order = tasks.createTaskQuery().processInstanceId(supervision).taskDefinitionKey("userTask_supervisionOrder").singleResult();
    assertThat(order.getName()).isEqualTo("督办单");
    assertThat(candidates(order)).containsExactly("wg-01");
    assertThat(order.getDueDate()).as("the order's own limit, 2 working days").isEqualTo(date("2026-10-10T18:00"));
    assertThat(listed(Light.RED)).contains(key);
    assertThat(listed(Light.GREEN)).doesNotContain(key);
    assertThat(loop.task(key, "userTask_triage").getId()).as("the late task stays open").isEqualTo(triage.getId());
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(key).list()).as("not a current task of the problem")
        .extracting(Task::getTaskDefinitionKey).containsExactly("userTask_triage");

    // the adjusted working Saturday 10 October counts: 9, 10 and 12 October are the three days
    at("2026-10-12T17:59");
    assertThat(fire(supervision)).isZero();
    at("2026-10-12T18:00");
    assertThat(fire(supervision)).isEqualTo(1);
    assertThat(problems.get(key).listedAt()).isEqualTo(date("2026-10-12T18:00").toInstant());
    Task listing = tasks.createTaskQuery().processInstanceId(supervision).taskDefinitionKey("userTask_listing").singleResult();
    assertThat(candidates(listing)).containsExactly(Groups.LEADING_GROUP);
    assertThat(lights.of(key).get(triage.getId())).extracting(TaskLights.TaskLight::reminded,
        TaskLights.TaskLight::supervised, TaskLights.TaskLight::listed).containsExactly(true, true, true);

    at("2026-12-31T18:00");
    assertThat(fire(supervision)).as("nothing fires twice").isZero();
    assertThat(types(key)).filteredOn(t -> t == LifecycleType.REMINDED || t == LifecycleType.SUPERVISED
        || t == LifecycleType.LISTED).containsExactly(LifecycleType.REMINDED, LifecycleType.SUPERVISED, LifecycleType.LISTED);

    // the working group answers the order, the leading group the listing; then the unit finishes
    complete("wg01", order, Map.of("supervisionComment", "约谈受理人，限两日内受理"));
    complete("leader", listing, Map.of("supervisionComment", "挂牌督办，周报进展"));
    assertThat(problems.notes(key)).extracting(n -> n.kind()).contains("SUPERVISION", "LISTING");
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(supervision).count()).isZero();
    assertThat(lights.of(key)).doesNotContainKey(triage.getId());
    assertThat(problems.get(key).listedAt()).as("a listing stays on the record").isNotNull();
  }

  @Test
  void countsTheSpringFestivalAndItsAdjustedSaturdays() {
    // Friday 13 February 10:00; the 14th is an adjusted working Saturday, 15–23 February are off
    at("2026-02-13T10:00");
    String key = file("春节前上报的问题");
    Task triage = loop.task(key, "userTask_triage");
    assertThat(triage.getDueDate()).isEqualTo(date("2026-02-14T18:00"));
    assertThat(timers(supervisionOf(triage))).containsExactlyInAnyOrder(
        date("2026-02-14T11:40"), date("2026-02-14T18:00"), date("2026-02-26T18:00"));

    // the triage's listing: three working days after the 14th are 24, 25 and 26 February
    // a coordination request (申请协调, 3 working days): 14, 24 and 25 February; 挂牌 after 26, 27 and Saturday 28
    assertThat(process.correlate(key, "bihuan.escalation-requested",
        Map.of("escalationReason", "交通局迟迟不出具意见", "escalatingUnit", housing), "kafka:" + housing,
        List.of("unit-" + housing, "bihuan-event-gateway"))).isTrue();
    Task coordinate = loop.task(key, "userTask_coordinate");
    assertThat(coordinate.getDueDate()).isEqualTo(date("2026-02-25T18:00"));
    String supervision = supervisionOf(coordinate);
    // 27 office hours (6 + 7 + 7 + 7); two thirds = 18 h → 24 February 16:00
    assertThat(timers(supervision)).containsExactlyInAnyOrder(
        date("2026-02-24T16:00"), date("2026-02-25T18:00"), date("2026-02-28T18:00"));

    at("2026-02-24T15:59");
    assertThat(fire(supervision)).isZero();
    at("2026-02-24T16:00");
    assertThat(fire(supervision)).isEqualTo(1);
    at("2026-02-28T17:59");
    assertThat(fire(supervision)).as("the limit passed, the listing not yet").isEqualTo(1);
    assertThat(lightOf(key, coordinate)).isEqualTo(Light.RED);
    at("2026-02-28T18:00");
    assertThat(fire(supervision)).isEqualTo(1);
    assertThat(types(key)).contains(LifecycleType.LISTED);
  }

  @Test
  void completingTheTaskCancelsEverySupervisionStep() {
    at("2026-03-02T10:00");
    String key = file("按时受理的问题");
    Task triage = loop.task(key, "userTask_triage");
    String supervision = supervisionOf(triage);
    assertThat(timers(supervision)).hasSize(3);

    at("2026-03-02T15:00");
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));

    assertThat(management.createJobQuery().processInstanceId(supervision).count()).isZero();
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(supervision).singleResult().getEndTime())
        .isEqualTo(date("2026-03-02T15:00"));
    at("2026-12-31T18:00");
    assertThat(management.createJobQuery().timers().executable().list()).extracting(Job::getProcessInstanceId)
        .doesNotContain(supervision);
    assertThat(types(key)).doesNotContain(LifecycleType.REMINDED, LifecycleType.SUPERVISED, LifecycleType.LISTED);
    // the next task has its own supervision, with its own limit (analysis, 5 working days)
    Task analyse = loop.task(key, "userTask_analyse");
    assertThat(analyse.getDueDate()).isEqualTo(date("2026-03-09T18:00"));
    assertThat(timers(supervisionOf(analyse))).contains(date("2026-03-09T18:00"));
  }

  @Test
  void anExtensionMovesTheTimersThatHaveNotFired() {
    at("2026-03-02T10:00");
    String key = inResolution("申请延期的问题");
    Task resolve = loop.task(key, "userTask_resolve");
    // 15 working days after 2 March
    assertThat(resolve.getDueDate()).isEqualTo(date("2026-03-23T18:00"));
    String supervision = supervisionOf(resolve);
    assertThat(timers(supervision)).contains(date("2026-03-23T18:00"), date("2026-03-26T18:00"));
    at("2026-03-23T12:00");
    assertThat(fire(supervision)).as("the warning").isEqualTo(1);

    assertThat(process.correlate(key, "bihuan.extension-requested", Map.of("extensionReason", "资金未到位",
        "requestedDue", "2026-04-30", "extensionUnit", ndrc), "kafka:" + ndrc,
        List.of("unit-" + ndrc, "bihuan-event-gateway"))).isTrue();
    loop.complete("wg01", key, "userTask_decideExtension", Map.of("extensionDecision", "GRANT", "extensionDays", 5));

    // five working days more: 24–27 and 30 March; listing three working days later, 2 April
    assertThat(loop.task(key, "userTask_resolve").getDueDate()).isEqualTo(date("2026-03-30T18:00"));
    assertThat(timers(supervision)).as("the warning fired already and does not come back")
        .containsExactlyInAnyOrder(date("2026-03-30T18:00"), date("2026-04-02T18:00"));
    assertThat(lightOf(key, resolve)).isEqualTo(Light.YELLOW);
    at("2026-03-23T18:00");
    assertThat(fire(supervision)).as("the old limit is gone").isZero();
    at("2026-03-30T18:00");
    assertThat(fire(supervision)).isEqualTo(1);
    assertThat(types(key)).filteredOn(t -> t == LifecycleType.REMINDED).hasSize(1);
    assertThat(types(key)).contains(LifecycleType.EXTENSION_GRANTED, LifecycleType.SUPERVISED);
  }

  // ---------------------------------------------------------------------------------------------

  private String inResolution(String title) {
    String key = file(title);
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "RESOURCES"));
    Map<String, Object> analysis = new HashMap<>();
    analysis.put("rootCause", "资金未落实");
    analysis.put("category", "RESOURCES");
    analysis.put("leadUnit", ndrc);
    analysis.put("coUnits", List.of());
    analysis.put("measures", "争取专项资金");
    analysis.put("resolutionDeadline", "2026-03-20"); // earlier than the table's limit: the task's limit counts
    analysis.put("needsPolicy", false);
    loop.complete(ndrc, key, "userTask_analyse", analysis);
    loop.signFor(ndrc, key); // 签收 before 办理
    return key;
  }

  private String file(String title) {
    return problems.file(new NewProblem(title, title + "：详细情况", null, 1, housing, Category.EXECUTION, null),
        "REST", null, List.of());
  }

  /** The supervision instance of a task (business key = task id), remembered for the coverage check. */
  private String supervisionOf(Task task) {
    ProcessInstance instance = runtime.createProcessInstanceQuery().processDefinitionKey(TaskSupervision.PROCESS_KEY)
        .processInstanceBusinessKey(task.getId()).singleResult();
    assertThat(instance).as("supervision of %s", task.getTaskDefinitionKey()).isNotNull();
    SUPERVISIONS.add(instance.getId());
    return instance.getId();
  }

  private List<Date> timers(String supervision) {
    return management.createJobQuery().processInstanceId(supervision).timers().list().stream().map(Job::getDuedate).toList();
  }

  /** Runs the supervision's timers that are due on Camunda's clock, as the job executor would. */
  private int fire(String supervision) {
    List<Job> due = management.createJobQuery().processInstanceId(supervision).timers().executable().list();
    due.forEach(job -> management.executeJob(job.getId()));
    return due.size();
  }

  private Light lightOf(String key, Task task) {
    return lights.of(key).get(task.getId()).light();
  }

  private List<String> listed(Light light) {
    return problems.list(new ProblemFilter(null, null, null, null, ProblemScope.ALL, light), 0, 200).stream()
        .map(p -> p.key()).toList();
  }

  private List<LifecycleType> types(String key) {
    return lifecycle.history(key).stream().map(e -> e.type()).toList();
  }

  private List<String> candidates(Task task) {
    return tasks.getIdentityLinksForTask(task.getId()).stream().map(l -> l.getGroupId()).filter(g -> g != null).toList();
  }

  private void complete(String user, Task task, Map<String, Object> variables) {
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    identity.setAuthentication(user, groups);
    try {
      assertThat(tasks.createTaskQuery().taskId(task.getId()).taskCandidateUser(user).count())
          .as("%s may work on %s", user, task.getName()).isEqualTo(1);
      tasks.claim(task.getId(), user);
      tasks.complete(task.getId(), variables);
    } finally {
      identity.clearAuthentication();
    }
  }

  private static void at(String beijing) {
    ClockUtil.setCurrentTime(date(beijing));
  }

  private static Date date(String beijing) {
    return Date.from(LocalDateTime.parse(beijing).atZone(BEIJING).toInstant());
  }

  static Instant instant(String beijing) {
    return date(beijing).toInstant();
  }
}
