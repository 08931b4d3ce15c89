package org.bihuan.supervision;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bihuan.calendar.WorkingDays;
import org.bihuan.identity.Groups;
import org.bihuan.loop.ProblemProcess;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.springframework.stereotype.Component;

/**
 * The task listener that {@link SupervisionParseListener} adds to every user task of the Bihuan
 * processes: 'create' starts the task's {@code task-supervision} instance (business key = task id),
 * 'complete' and 'delete' end it, 'update' moves its timers when the due date changed. Runs in the
 * task's transaction; engine calls without authorization checks (the supervision belongs to the
 * engine, not to whoever completed the previous task).
 */
@Component("taskSupervision")
public class TaskSupervision implements TaskListener {

  /** Process key of the supervision process (bpmn/task-supervision.bpmn). */
  public static final String PROCESS_KEY = "task-supervision";

  static final String TASK_ENDED = "bihuan.supervision.task-ended";
  static final String DUE_MOVED = "bihuan.supervision.due-moved";

  static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final RuntimeService runtime;
  private final ProblemProcess process;
  private final Problems problems;
  private final SupervisionStore store;
  private final WorkingDays workdays;
  private final SupervisionProperties properties;

  TaskSupervision(RuntimeService runtime, ProblemProcess process, Problems problems, SupervisionStore store,
      WorkingDays workdays, SupervisionProperties properties) {
    this.runtime = runtime;
    this.process = process;
    this.problems = problems;
    this.store = store;
    this.workdays = workdays;
    this.properties = properties;
  }

  @Override
  public void notify(DelegateTask task) {
    switch (task.getEventName()) {
      case EVENTNAME_CREATE -> started(task);
      case EVENTNAME_COMPLETE, EVENTNAME_DELETE -> ended(task);
      case EVENTNAME_UPDATE -> maybeMoved(task);
      default -> { }
    }
  }

  private void started(DelegateTask task) {
    String problemKey = task.getExecution().getProcessBusinessKey();
    if (task.getDueDate() == null || problemKey == null) {
      return; // nothing to count against, or nobody to report to
    }
    ProblemRecord problem = problems.find(problemKey).orElse(null);
    if (problem == null) {
      return;
    }
    Instant created = task.getCreateTime().toInstant();
    SupervisionTimes times = SupervisionTimes.of(workdays, properties, created, task.getDueDate().toInstant());
    Object group = task.getVariable("workingGroup");
    String workingGroup = group != null ? group.toString()
        : problem.workingGroup() != null ? problem.workingGroup() : Groups.LEADING_GROUP;
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("problemKey", problemKey);
    variables.put("problemTitle", problem.title());
    variables.put("workingGroup", workingGroup);
    variables.put("watchedTaskId", task.getId());
    variables.put("watchedTaskName", task.getName());
    variables.put("watchedActivityId", task.getTaskDefinitionKey());
    variables.put("watchedProcessInstanceId", task.getProcessInstanceId());
    variables.put("holders", holders(task));
    variables.put("createdAt", created.toString());
    variables.put("createdText", SHOWN.format(created));
    variables.put("listingAfterDays", properties.listingAfterDays());
    variables.putAll(timeVariables(times));
    process.inOneCommand(() -> {
      ProcessInstance instance = runtime.createProcessInstanceByKey(PROCESS_KEY).businessKey(task.getId())
          .setVariables(variables).execute();
      process.grantRead(instance.getId(), List.of(workingGroup));
      return null;
    });
    store.started(task.getId(), problemKey, task.getName(), task.getTaskDefinitionKey(), times);
  }

  private void ended(DelegateTask task) {
    process.inOneCommand(() -> runtime.createMessageCorrelation(TASK_ENDED).processInstanceBusinessKey(task.getId())
        .correlateAllWithResult());
    store.ended(task.getId());
  }

  private void maybeMoved(DelegateTask task) {
    Date due = task.getDueDate();
    if (due == null || store.dueOf(task.getId()).map(due.toInstant()::equals).orElse(true)) {
      return; // not supervised, or the due date did not change (a reminder sets the follow-up date)
    }
    process.inOneCommand(() -> runtime.createMessageCorrelation(DUE_MOVED).processInstanceBusinessKey(task.getId())
        .setVariable("dueAt", due).correlateAllWithResult());
  }

  /** The variables the timers and the 督办单 form read. */
  static Map<String, Object> timeVariables(SupervisionTimes times) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("warnAt", Date.from(times.warnAt()));
    variables.put("dueAt", Date.from(times.dueAt()));
    variables.put("listAt", Date.from(times.listAt()));
    variables.put("dueText", SHOWN.format(times.dueAt()));
    return variables;
  }

  /** Who holds the task: its assignee, else its candidate groups. */
  private static String holders(DelegateTask task) {
    if (task.getAssignee() != null) {
      return task.getAssignee();
    }
    return task.getCandidates().stream().map(IdentityLink::getGroupId).filter(g -> g != null)
        .collect(Collectors.joining("、"));
  }
}
