package org.bihuan.loop;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.bihuan.problem.OpenTasks;
import org.bihuan.problem.ProblemFiled;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.identity.Authentication;
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
  private final IdentityService identity;
  private final AuthorizationService authorizations;

  ProblemProcess(RuntimeService runtime, TaskService tasks, RepositoryService repository, IdentityService identity,
      AuthorizationService authorizations) {
    this.runtime = runtime;
    this.tasks = tasks;
    this.repository = repository;
    this.identity = identity;
    this.authorizations = authorizations;
  }

  /**
   * Starts the loop of a problem filed outside Tasklist, in the filing's transaction, as the filing
   * user: Camunda checks their right to start it and its history names them.
   */
  @EventListener
  void onProblemFiled(ProblemFiled filed) {
    Authentication previous = identity.getCurrentAuthentication();
    if (filed.actor() != null) {
      identity.setAuthentication(filed.actor(), filed.actorGroups());
    }
    try {
      runtime.startProcessInstanceByKey(PROCESS_KEY, filed.key());
    } finally {
      if (previous == null) {
        identity.clearAuthentication();
      } else {
        identity.setAuthentication(previous);
      }
    }
  }

  /**
   * Delivers a message to a problem's process as {@code actor}; false when no execution of the
   * problem waits for it (the caller parks the event).
   */
  public boolean correlate(String problemKey, String messageName, Map<String, Object> variables, String actor,
      List<String> actorGroups) {
    Authentication previous = identity.getCurrentAuthentication();
    identity.setAuthentication(actor, actorGroups);
    try {
      // correlateAll answers "nobody waits" with an empty result instead of an exception
      return !runtime.createMessageCorrelation(messageName).processInstanceBusinessKey(problemKey)
          .setVariables(variables).correlateAllWithResult().isEmpty();
    } finally {
      if (previous == null) {
        identity.clearAuthentication();
      } else {
        identity.setAuthentication(previous);
      }
    }
  }

  /** Moves the due date of the problem's open resolution tasks (after a granted extension). */
  public void moveResolutionDue(String problemKey, java.util.Date due) {
    for (Task task : tasks.createTaskQuery().processInstanceBusinessKey(problemKey).taskDefinitionKey("userTask_resolve").list()) {
      task.setDueDate(due);
      tasks.saveTask(task);
    }
  }

  /**
   * Lets groups see a problem's process instance and its history in Tasklist, Cockpit and {@code
   * /engine-rest} (Camunda authorizations are on; tasks are granted per candidate group by Camunda).
   */
  public void grantRead(String processInstanceId, Collection<String> groupIds) {
    for (String groupId : new LinkedHashSet<>(groupIds)) {
      if (groupId == null) {
        continue;
      }
      grant(groupId, Resources.PROCESS_INSTANCE, processInstanceId, Permissions.READ);
      grant(groupId, Resources.HISTORIC_PROCESS_INSTANCE, processInstanceId, HistoricProcessInstancePermissions.READ);
    }
  }

  private void grant(String groupId, Resources resource, String resourceId, Permission permission) {
    boolean granted = authorizations.createAuthorizationQuery().groupIdIn(groupId).resourceType(resource)
        .resourceId(resourceId).count() > 0;
    if (!granted) {
      Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      read.setGroupId(groupId);
      read.setResource(resource);
      read.setResourceId(resourceId);
      read.addPermission(permission);
      authorizations.saveAuthorization(read);
    }
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
