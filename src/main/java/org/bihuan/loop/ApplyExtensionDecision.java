package org.bihuan.loop;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.bihuan.problem.ProblemRuleViolation;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * 延期审批 — grants or refuses. A grant replaces the limit of the requesting unit's resolution task
 * only: its due date moves to the granted date, counted in working days ({@code extensionDays}
 * working days after the current due date, or the chosen {@code newDeadline} day, moved to the next
 * working day when it is a rest day). Saving the task's new due date moves its supervision timers
 * (task 'update' listener, org.bihuan.supervision).
 */
@Component("applyExtensionDecision")
class ApplyExtensionDecision extends LoopDelegate {

  private final Problems problems;
  private final ProblemProcess process;
  private final Deadlines deadlines;
  private final TaskService tasks;

  ApplyExtensionDecision(Problems problems, ProblemProcess process, Deadlines deadlines, TaskService tasks) {
    this.problems = problems;
    this.process = process;
    this.deadlines = deadlines;
    this.tasks = tasks;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String decision = Vars.string(execution, "extensionDecision");
    if (!"GRANT".equals(decision) && !"REFUSE".equals(decision)) {
      throw new ProblemRuleViolation("missing-field", "请选择是否同意延期", "choose grant or refuse");
    }
    String key = problemKey(execution);
    if ("REFUSE".equals(decision)) {
      problems.decideExtension(key, false, null, Vars.string(execution, "extensionComment"), actor);
      return;
    }
    Integer days = Vars.integer(execution, "extensionDays");
    String chosen = Vars.string(execution, "newDeadline");
    if ((days == null || days < 1) && chosen == null) {
      throw new ProblemRuleViolation("missing-field", "请填写延期后的办结时限或延期的工作日数",
          "give the new deadline or the number of working days granted");
    }
    List<Task> extended = unitTasks(key, Vars.string(execution, "extensionUnit"));
    // counted from the later of the task's limit and the problem's 办结时限: an extension never shortens
    Date current = java.util.stream.Stream.concat(extended.stream().map(Task::getDueDate),
            java.util.stream.Stream.of(execution.getVariable("resolutionDue") instanceof Date d ? d : null))
        .filter(d -> d != null).max(Date::compareTo).orElseGet(Date::new);
    Date due = deadlines.extended(current, days, chosen == null ? null : LocalDate.parse(chosen.substring(0, 10)));
    problems.decideExtension(key, true, due.toInstant(), null, actor);
    execution.setVariable("resolutionDue", due);
    // the approver (working group) need not hold the unit's task: the model routes the grant here
    process.inOneCommand(() -> {
      for (Task task : extended) {
        task.setDueDate(due);
        tasks.saveTask(task);
      }
      return null;
    });
  }

  /** The open resolution task of the requesting unit; all of the problem's when no unit is named. */
  private List<Task> unitTasks(String key, String unitCode) {
    var query = tasks.createTaskQuery().processInstanceBusinessKey(key).taskDefinitionKey("userTask_resolve");
    if (unitCode != null) {
      query.taskCandidateGroup("unit-" + unitCode);
    }
    return process.inOneCommand(query::list);
  }
}
