package org.bihuan.supervision;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bihuan.calendar.WorkingDays;
import org.bihuan.problem.LifecycleType;
import org.bihuan.problem.Problems;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The steps of {@code task-supervision} (bpmn/task-supervision.bpmn), one method per service task:
 * {@code ${supervisionSteps.remind(execution)}} and so on. Timers run them on the job executor of
 * whichever node acquired the job; engine calls go to that engine's services (the execution's), so
 * that they join the job's command.
 */
@Component("supervisionSteps")
public class SupervisionSteps {

  private final Problems problems;
  private final SupervisionStore store;
  private final WorkingDays workdays;
  private final SupervisionProperties properties;

  SupervisionSteps(Problems problems, SupervisionStore store, WorkingDays workdays, SupervisionProperties properties) {
    this.problems = problems;
    this.store = store;
    this.workdays = workdays;
    this.properties = properties;
  }

  /** 催办 (yellow): a comment on the late task, its follow-up date set to now, lifecycle REMINDED. */
  public void remind(DelegateExecution execution) {
    String taskId = string(execution, "watchedTaskId");
    TaskService tasks = execution.getProcessEngineServices().getTaskService();
    Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
    if (task != null) {
      tasks.createComment(taskId, task.getProcessInstanceId(),
          "【催办】本事项已用去办理时限的大部分，请于 " + string(execution, "dueText") + " 前办结。");
      task.setFollowUpDate(ClockUtil.getCurrentTime());
      tasks.saveTask(task);
    }
    store.stepped(taskId, "reminded_at");
    problems.recordSupervision(string(execution, "problemKey"), LifecycleType.REMINDED, facts(execution));
  }

  /** 督办 (red): the limit passed; the 督办单 that follows goes to the working group. */
  public void supervise(DelegateExecution execution) {
    store.stepped(string(execution, "watchedTaskId"), "supervised_at");
    Map<String, Object> data = facts(execution);
    data.put("supervisor", string(execution, "workingGroup"));
    problems.recordSupervision(string(execution, "problemKey"), LifecycleType.SUPERVISED, data);
  }

  /** 挂牌督办: still open N working days after the limit; the problem is listed. */
  public void list(DelegateExecution execution) {
    store.stepped(string(execution, "watchedTaskId"), "listed_at");
    execution.setVariable("listedText", TaskSupervision.SHOWN.format(ClockUtil.getCurrentTime().toInstant()));
    problems.recordSupervision(string(execution, "problemKey"), LifecycleType.LISTED, facts(execution));
  }

  /** The supervisor's note on a 督办单 or 挂牌督办 task, kept with the problem's notes. */
  public void recordNote(DelegateExecution execution, String kind) {
    Object comment = execution.getVariable("supervisionComment");
    if (comment == null || comment.toString().isBlank()) {
      ProblemRuleViolation violation =
          new ProblemRuleViolation("missing-field", "请填写督办意见", "the supervision comment must not be blank");
      throw new BadUserRequestException(violation.getMessage(), violation);
    }
    Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    problems.addNote(string(execution, "problemKey"), kind, comment.toString().strip(), user == null ? null : user.getUserId());
    execution.removeVariable("supervisionComment");
  }

  /**
   * The task's due date changed (an extension): the instants are computed again from the task's
   * creation, and the timers that have not fired are resolved again from their (unchanged) BPMN
   * expressions. A step that fired does not fire again.
   */
  public void move(DelegateExecution execution) {
    Date due = (Date) execution.getVariable("dueAt");
    Date created = Date.from(java.time.Instant.parse(string(execution, "createdAt")));
    SupervisionTimes times = SupervisionTimes.of(workdays, properties, created.toInstant(), due.toInstant());
    execution.getProcessInstance().setVariables(TaskSupervision.timeVariables(times));
    ManagementService management = execution.getProcessEngineServices().getManagementService();
    for (Job timer : management.createJobQuery().processInstanceId(execution.getProcessInstanceId()).timers().list()) {
      management.recalculateJobDuedate(timer.getId(), false);
    }
    store.moved(string(execution, "watchedTaskId"), times);
  }

  private static Map<String, Object> facts(DelegateExecution execution) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("taskId", string(execution, "watchedTaskId"));
    data.put("taskName", string(execution, "watchedTaskName"));
    data.put("activityId", string(execution, "watchedActivityId"));
    data.put("due", ((Date) execution.getVariable("dueAt")).toInstant().toString());
    data.put("holders", string(execution, "holders"));
    return data;
  }

  private static String string(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    return value == null ? null : value.toString();
  }
}
