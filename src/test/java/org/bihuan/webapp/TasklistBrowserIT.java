package org.bihuan.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.Problems;
import org.bihuan.problem.Stage;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.bihuan.webapp.browser.CamundaForm;
import org.bihuan.webapp.browser.Chromium;
import org.bihuan.webapp.browser.Tasklist;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One problem walked through the whole loop in a real (headless) Chromium, in Camunda Tasklist
 * with our Chinese Camunda Forms, each step by the demo user a person in that role would log in
 * as: 区住建委 staff reports it through the start-process dialog, working group 1 (wg01) accepts
 * it, 区发改委 (lead unit of task 1) analyses it and names itself lead and 区住建委 co-handling
 * unit, both units report their work, wg01 verifies and closes it. Every step is done in the
 * browser: nothing is started, claimed or completed through the Java or REST API; the APIs only
 * look up ids and check the outcome. Tasks are found in the 本组待办 list by the problem key our
 * filter shows; where the list does not show it (the user may not read the process's variables),
 * the task is opened by its Tasklist address instead, with a warning in the log.
 *
 * <p>Skipped where Debian's {@code chromium} / {@code chromium-driver} are not installed. With
 * {@code -Dbihuan.screenshots=true} it also writes the screenshots in docs/screenshots/.
 */
@BihuanTest
class TasklistBrowserIT {

  private static final String PASSWORD = "demo";
  private static final String PROCESS = "问题闭环处置";
  private static final String GROUP_TASKS = "本组待办";
  private static final Path SCREENSHOTS = Path.of("docs", "screenshots");

  @LocalServerPort int port;
  @Autowired LoopDriver loop;
  @Autowired Problems problems;
  @Autowired HistoryService history;
  @Autowired TaskService tasks;
  @Autowired TestRestTemplate http;

  /** Tasklist's Chinese texts, from our zh.json so that the test follows the translators. */
  static JsonNode zh;

  @BeforeAll
  static void requireChromiumAndReadTheChineseLocale() throws IOException {
    Chromium.assumeInstalled();
    try (InputStream in = TasklistBrowserIT.class.getResourceAsStream(
        "/META-INF/resources/webjars/camunda/app/tasklist/locales/zh.json")) {
      assertThat(in).as("Tasklist's zh.json on the classpath").isNotNull();
      zh = new ObjectMapper().readTree(in).path("labels");
    }
  }

  @Test
  void walksAProblemFromReportToClosureInTheChineseTasklist() {
    String housing = loop.unitCode("区住建委"); // reports, then co-handles
    String ndrc = loop.unitCode("区发改委"); // lead unit of task 1: analyses, then leads
    String title = "长滨路停车场项目审批停滞，施工许可无法办理";
    LocalDate deadline = LocalDate.now(Problems.ZONE).plusDays(30);

    try (Chromium chromium = Chromium.start()) {
      Tasklist tasklist = new Tasklist(chromium.driver(), "http://localhost:" + port);
      tasklist.dumpOnFailure(Path.of("target", "browser-failures"), () -> walk(tasklist, housing, ndrc, title, deadline));
    }
  }

  private void walk(Tasklist tasklist, String housing, String ndrc, String title, LocalDate deadline) {
    Date started = ClockUtil.getCurrentTime();
    // 上报: 区住建委 staff starts 问题闭环处置 from the header's start-process dialog
    tasklist.login(housing, PASSWORD);
    assertThat(tasklist.documentLanguage()).isEqualTo("zh-CN");
    assertThat(tasklist.userShown()).isEqualTo("区住建委 工作人员");
    assertThat(tasklist.startProcessLinkText(chinese("START_PROCESS"))).isEqualTo(chinese("START_PROCESS"));
    assertThat(tasklist.filterNames()).contains(GROUP_TASKS, "我的待办");
    CamundaForm report = tasklist.openStartForm(PROCESS);
    assertThat(tasklist.modalTitle()).startsWith(chinese("START_PROCESS")).endsWith(PROCESS);
    assertThat(report.text()).contains("上报问题", "标注 * 的为必填项");
    assertThat(report.labels()).containsExactly(
        "问题标题", "问题描述", "关联重点任务编号（可选）", "所属专项行动编号（可选）", "问题类别（初判）");
    report.type("问题标题", title)
        .type("问题描述", "长滨路沿线停车场项目规划审批停滞两个月，施工许可无法办理，周边停车难加剧。")
        .type("关联重点任务编号（可选）", "1");
    assertThat(tasklist.startButtonText()).isEqualTo(chinese("START"));
    screenshot(tasklist, "tasklist-zh-start-form.png");
    tasklist.submitStartForm();
    tasklist.waitForNotification(chinese("PROCESS_START_OK"));
    String key = problemKeyOf(title, started);
    assertThat(problems.get(key).stage()).isEqualTo(Stage.TRIAGE);
    tasklist.logout();

    // 受理: working group 1 (task 1 belongs to action 1) accepts it as 执行落实不力
    CamundaForm triage = claim(tasklist, "wg01", key, "受理");
    assertThat(triage.text()).contains("受理问题", key, title, "问题详情", "上报单位", "区住建委");
    triage.choose("受理意见", "受理").select("问题类别", "执行落实不力");
    screenshot(tasklist, "tasklist-zh-triage.png");
    complete(tasklist, "wg01", key, "userTask_triage");

    // 分析问题: 区发改委 staff (lead unit of task 1); units picked from the dynamic options
    CamundaForm analysis = claim(tasklist, ndrc, key, "分析问题");
    assertThat(analysis.text()).contains("分析问题", key, "问题详情");
    analysis.type("根本原因", "规划调整与施工许可分属两个部门，审批衔接不畅")
        .select("问题类别", "执行落实不力")
        .select("牵头办理单位", "区发改委")
        .tag("协办单位", "区住建委")
        .type("措施与计划", "建立专班周调度，两周内完成规划审批，一个月内核发施工许可")
        .date("办结时限", deadline);
    assertThat(analysis.isTicked("需要出台政策或措施")).isFalse();
    complete(tasklist, ndrc, key, "userTask_analyse");

    // 签收: each unit signs for its assignment before it works on it
    CamundaForm leadSign = claim(tasklist, ndrc, key, "签收");
    assertThat(leadSign.text()).contains("签收交办任务", key, "1个工作日内签收");
    leadSign.choose("签收或退回", "签收");
    complete(tasklist, ndrc, key, "userTask_signFor");
    claim(tasklist, housing, key, "签收").choose("签收或退回", "签收");
    complete(tasklist, housing, key, "userTask_signFor");

    // 办理问题: the lead and the co-handling unit each report on their own task
    CamundaForm leadReport = claim(tasklist, ndrc, key, "办理问题");
    leadReport.type("办理情况", "已协调完成规划审批").choose("办理结果", "已解决");
    complete(tasklist, ndrc, key, "userTask_resolve");
    CamundaForm coReport = claim(tasklist, housing, key, "办理问题");
    coReport.type("办理情况", "已核发施工许可").choose("办理结果", "已解决");
    complete(tasklist, housing, key, "userTask_resolve");

    // 核查: wg01 sees both units' reports and confirms
    CamundaForm verification = claim(tasklist, "wg01", key, "核查");
    assertThat(verification.text()).contains("各单位办理情况", "区发改委", "已协调完成规划审批", "区住建委", "已核发施工许可");
    verification.choose("核查结论", "核查通过，问题已解决");
    complete(tasklist, "wg01", key, "userTask_verify");

    // 结案评价: wg01 rates it
    CamundaForm closure = claim(tasklist, "wg01", key, "结案评价");
    closure.select("满意度评价", "非常满意").type("经验教训", "跨部门审批须专班周调度");
    complete(tasklist, "wg01", key, "userTask_close");

    // 回访: the reporting unit rates the result
    claim(tasklist, housing, key, "回访").choose("回访评价", "满意");
    complete(tasklist, housing, key, "userTask_callback");

    // then the problem is closed, with what was entered in the forms
    ProblemRecord closed = problems.get(key);
    assertThat(closed.stage()).isEqualTo(Stage.CLOSED);
    assertThat(closed.source()).isEqualTo("FORM");
    assertThat(closed.reporterUnitCode()).isEqualTo(housing);
    assertThat(closed.reporterUser()).isEqualTo(housing);
    assertThat(closed.taskNumber()).isEqualTo(1);
    assertThat(closed.actionNumber()).isEqualTo(1);
    assertThat(closed.category()).isEqualTo("EXECUTION");
    assertThat(closed.rootCause()).isEqualTo("规划调整与施工许可分属两个部门，审批衔接不畅");
    assertThat(closed.needsPolicy()).isFalse();
    assertThat(closed.resolutionDue())
        .isEqualTo(deadline.plusDays(1).atStartOfDay(Problems.ZONE).toInstant().minusSeconds(1));
    assertThat(closed.satisfaction()).isEqualTo(5);
    assertThat(closed.lessons()).isEqualTo("跨部门审批须专班周调度");
    // read as the leading group, which may read every problem
    JsonNode api = http.withBasicAuth("leader", PASSWORD).getForObject("/api/problems/" + key, JsonNode.class);
    assertThat(api.path("stage").asText()).isEqualTo("CLOSED");
    assertThat(api.path("stageLabel").asText()).isEqualTo("已结案");
    assertThat(api.path("responsibleUnits").findValuesAsText("role")).containsExactly("LEAD", "CO");

    // and every task was claimed and completed by the user who acted in the browser
    List<HistoricTaskInstance> finished = history.createHistoricTaskInstanceQuery()
        .processInstanceBusinessKey(key).finished().orderByHistoricTaskInstanceEndTime().asc().list();
    assertThat(finished).extracting(t -> t.getTaskDefinitionKey() + "/" + t.getAssignee())
        .containsExactly(
            "userTask_triage/wg01", "userTask_analyse/" + ndrc, "userTask_signFor/" + ndrc, "userTask_signFor/" + housing,
            "userTask_resolve/" + ndrc, "userTask_resolve/" + housing, "userTask_verify/wg01", "userTask_close/wg01",
            "userTask_callback/" + housing);
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(key)
        .processDefinitionKey("closed-loop-issue").singleResult().getStartUserId()).isEqualTo(housing);
  }

  // ---------------------------------------------------------------------------------------------

  /** Logs in as {@code user}, opens the problem's task from 本组待办 and claims it. */
  private CamundaForm claim(Tasklist tasklist, String user, String key, String taskName) {
    tasklist.login(user, PASSWORD);
    tasklist.filter(GROUP_TASKS);
    // the task's id only to check that the list opened the right one (and for the fallback address)
    String taskId = tasks.createTaskQuery().processInstanceBusinessKey(key).taskName(taskName).taskCandidateUser(user)
        .taskUnassigned().list().stream().map(Task::getId).findFirst()
        .orElseThrow(() -> new AssertionError("no open task " + taskName + " of " + key + " for " + user));
    CamundaForm form = tasklist.openTask(key, taskName, taskId);
    assertThat(form.text()).as("form of the task opened").contains(key);
    assertThat(tasklist.claimButtonText(chinese("CLAIM_TASK"))).isEqualTo(chinese("CLAIM_TASK"));
    tasklist.claim();
    return form;
  }

  /**
   * Completes the open task with Tasklist's (Chinese) complete button, checks in the engine that
   * {@code user} completed the problem's task at {@code activityId}, and logs out.
   */
  private void complete(Tasklist tasklist, String user, String key, String activityId) {
    assertThat(tasklist.completeButtonText(chinese("COMPLETE"))).isEqualTo(chinese("COMPLETE"));
    long before = completed(user, key, activityId);
    tasklist.complete();
    assertThat(completed(user, key, activityId)).as("%s completed %s of %s", user, activityId, key).isEqualTo(before + 1);
    tasklist.logout();
  }

  private long completed(String user, String key, String activityId) {
    return history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(key).taskDefinitionKey(activityId)
        .taskAssignee(user).finished().count();
  }

  /** The Chinese Tasklist text of {@code key}; fails if the translation is missing or not Chinese. */
  private static String chinese(String key) {
    String text = zh.path(key).asText("");
    assertThat(text).as("Tasklist zh.json labels.%s", key).containsPattern("\\p{IsHan}");
    return text;
  }

  /** The business key of the problem reported with {@code title} since {@code since} (Tasklist does not show it). */
  private String problemKeyOf(String title, Date since) {
    List<HistoricProcessInstance> reported = history.createHistoricProcessInstanceQuery()
        .processDefinitionKey("closed-loop-issue")
        .variableValueEquals("title", title)
        .startedAfter(new Date(since.getTime() - 1000))
        .list();
    assertThat(reported).as("process instance of the problem reported as %s", title).hasSize(1);
    return reported.get(0).getBusinessKey();
  }

  /** Writes docs/screenshots/{@code name} only when asked to (-Dbihuan.screenshots=true), so CI never rewrites docs. */
  private static void screenshot(Tasklist tasklist, String name) {
    if (Boolean.getBoolean("bihuan.screenshots")) {
      tasklist.screenshot(SCREENSHOTS.resolve(name));
    }
  }
}
