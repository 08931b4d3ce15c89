package org.bihuan.loop;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
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
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
  private final ProcessEngineConfigurationImpl engine;

  ProblemProcess(RuntimeService runtime, TaskService tasks, RepositoryService repository, IdentityService identity,
      AuthorizationService authorizations, ProcessEngineConfigurationImpl engine) {
    this.runtime = runtime;
    this.tasks = tasks;
    this.repository = repository;
    this.identity = identity;
    this.authorizations = authorizations;
    this.engine = engine;
  }

  /**
   * Runs {@code work} as ONE engine command in the caller's transaction, for callers that have
   * authorised their principal themselves (the event gateway checks the unit against the problem):
   * <ul>
   *   <li>every engine call inside joins this command (Camunda reuses an open command context), so
   *       the engine flushes the changes of all of them once, at the end, in JDBC batches, instead of
   *       once per call;
   *   <li>the engine's authorization checks are off inside (history and the operation log still
   *       name the authenticated principal).
   * </ul>
   * Engine queries inside do not see the unflushed changes of earlier calls: a caller must not
   * touch one process instance twice in one command. A failure of any call fails the whole command.
   */
  public <T> T inOneCommand(java.util.function.Supplier<T> work) {
    return engine.getCommandExecutorTxRequired().execute(commandContext -> {
      boolean checking = commandContext.isAuthorizationCheckEnabled();
      commandContext.disableAuthorizationCheck();
      try {
        return work.get();
      } finally {
        if (checking) {
          commandContext.enableAuthorizationCheck();
        }
      }
    });
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
      if (filed.authorisedByCaller()) {
        inOneCommand(() -> runtime.startProcessInstanceByKey(PROCESS_KEY, filed.key()));
      } else {
        runtime.startProcessInstanceByKey(PROCESS_KEY, filed.key());
      }
    } finally {
      if (previous == null) {
        identity.clearAuthentication();
      } else {
        identity.setAuthentication(previous);
      }
    }
  }

  /**
   * Delivers a message to a problem's process as {@code actor}, whom the caller has authorised for
   * the problem (see {@link #inOneCommand}); false when no execution of the problem waits for it
   * (the caller parks the event).
   */
  public boolean correlate(String problemKey, String messageName, Map<String, Object> variables, String actor,
      List<String> actorGroups) {
    Authentication previous = identity.getCurrentAuthentication();
    identity.setAuthentication(actor, actorGroups);
    try {
      // correlateAll answers "nobody waits" with an empty result instead of an exception
      return inOneCommand(() -> !runtime.createMessageCorrelation(messageName).processInstanceBusinessKey(problemKey)
          .setVariables(variables).correlateAllWithResult().isEmpty());
    } finally {
      if (previous == null) {
        identity.clearAuthentication();
      } else {
        identity.setAuthentication(previous);
      }
    }
  }

  /**
   * Lets groups see a problem's process instance and its history in Tasklist, Cockpit and {@code
   * /engine-rest} (Camunda authorizations are on; tasks are granted per candidate group by Camunda).
   */
  public void grantRead(String processInstanceId, Collection<String> groupIds) {
    Set<String> wanted = new LinkedHashSet<>(groupIds);
    wanted.remove(null);
    // grants made earlier in this transaction: an engine query inside one command does not see them
    Set<String> granted = grantedInThisTransaction();
    wanted.removeIf(group -> granted.contains(processInstanceId + "|" + group));
    if (wanted.isEmpty()) {
      return;
    }
    // one query for all the groups' existing grants on the instance (none on an instance started in
    // this transaction), then only the missing inserts
    Set<String> existing = new HashSet<>();
    if (!granted.contains(processInstanceId + "|" + STARTED_HERE)) {
      for (Authorization a : authorizations.createAuthorizationQuery().resourceId(processInstanceId)
          .groupIdIn(wanted.toArray(String[]::new)).list()) {
        existing.add(a.getGroupId() + "|" + a.getResourceType());
      }
    }
    for (String groupId : wanted) {
      grant(existing, groupId, Resources.PROCESS_INSTANCE, processInstanceId, Permissions.READ);
      grant(existing, groupId, Resources.HISTORIC_PROCESS_INSTANCE, processInstanceId, HistoricProcessInstancePermissions.READ);
      granted.add(processInstanceId + "|" + groupId);
    }
  }

  private void grant(Set<String> existing, String groupId, Resources resource, String resourceId, Permission permission) {
    if (!existing.contains(groupId + "|" + resource.resourceType())) {
      Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      read.setGroupId(groupId);
      read.setResource(resource);
      read.setResourceId(resourceId);
      read.addPermission(permission);
      authorizations.saveAuthorization(read);
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> grantedInThisTransaction() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return new HashSet<>();
    }
    Object set = TransactionSynchronizationManager.getResource(GRANTED);
    if (set == null) {
      set = new HashSet<String>();
      TransactionSynchronizationManager.bindResource(GRANTED, set);
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          TransactionSynchronizationManager.unbindResourceIfPossible(GRANTED);
        }
      });
    }
    return (Set<String>) set;
  }

  private static final Object GRANTED = new Object();
  private static final String STARTED_HERE = "\u0000started";

  /** Notes that an instance was started in the running transaction: nobody holds grants on it yet. */
  void startedInThisTransaction(String processInstanceId) {
    grantedInThisTransaction().add(processInstanceId + "|" + STARTED_HERE);
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
