package org.bihuan.loop;

import java.util.Comparator;
import java.util.List;
import org.bihuan.problem.OpenTasks;
import org.bihuan.problem.ProblemFiled;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The engine adapter: the one place where Bihuan calls Camunda's services for a problem, always by
 * business key. Delegates receive engine callbacks; everything else comes through here.
 */
@Component
public class ProblemProcess implements OpenTasks {

  /** Process key of the closed loop: one instance per problem. */
  public static final String PROCESS_KEY = "closed-loop-issue";

  /** Process key of policy issuance, called from the loop. */
  public static final String POLICY_PROCESS_KEY = "policy-issuance";

  private final RuntimeService runtime;
  private final TaskService tasks;
  private final RepositoryService repository;

  ProblemProcess(RuntimeService runtime, TaskService tasks, RepositoryService repository) {
    this.runtime = runtime;
    this.tasks = tasks;
    this.repository = repository;
  }

  /** Starts the loop of a problem filed outside Tasklist, in the filing's transaction. */
  @EventListener
  void onProblemFiled(ProblemFiled filed) {
    runtime.startProcessInstanceByKey(PROCESS_KEY, filed.key());
  }

  @Override
  public List<OpenTask> of(String problemKey) {
    return tasks.createTaskQuery().processInstanceBusinessKey(problemKey).list().stream()
        .sorted(Comparator.comparing(Task::getCreateTime))
        .map(this::openTask)
        .toList();
  }

  private OpenTask openTask(Task task) {
    List<String> groups =
        tasks.getIdentityLinksForTask(task.getId()).stream()
            .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
            .map(IdentityLink::getGroupId)
            .toList();
    String processKey = repository.getProcessDefinition(task.getProcessDefinitionId()).getKey();
    return new OpenTask(
        task.getId(),
        task.getName(),
        task.getTaskDefinitionKey(),
        processKey,
        groups,
        task.getAssignee(),
        task.getCreateTime().toInstant(),
        task.getDueDate() == null ? null : task.getDueDate().toInstant());
  }
}
