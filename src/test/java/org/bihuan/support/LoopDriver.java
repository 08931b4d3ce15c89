package org.bihuan.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.bihuan.catalog.Catalog.Unit;
import org.bihuan.catalog.CatalogService;
import org.bihuan.identity.Groups;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Walks problems through the loop the way people do: each task is found through the candidate
 * groups of the acting demo user, claimed and completed while that user is authenticated.
 */
@Component
public class LoopDriver {

  private final TaskService tasks;
  private final IdentityService identity;
  private final RuntimeService runtime;
  private final CatalogService catalog;
  private final ManagementService management;

  LoopDriver(TaskService tasks, IdentityService identity, RuntimeService runtime, CatalogService catalog,
      ManagementService management) {
    this.tasks = tasks;
    this.identity = identity;
    this.runtime = runtime;
    this.catalog = catalog;
    this.management = management;
  }

  /** The demo user acting for a group: wg-03 → wg03, tf-03 → tf03, unit-qfgw → qfgw. */
  public static String userOf(String groupId) {
    if (groupId.equals(Groups.LEADING_GROUP)) {
      return "leader";
    }
    String unit = Groups.unitCodeOf(groupId);
    return unit != null ? unit : groupId.replace("-", "");
  }

  public String unitCode(String unitName) {
    return catalog.units().stream()
        .filter(u -> u.name().equals(unitName))
        .map(Unit::code)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no unit " + unitName));
  }

  /** The open task of a problem at a BPMN activity. */
  public Task task(String problemKey, String activityId) {
    List<Task> found =
        tasks.createTaskQuery().processInstanceBusinessKey(problemKey).taskDefinitionKey(activityId).list();
    assertThat(found).as("open tasks %s of %s", activityId, problemKey).hasSize(1);
    return found.get(0);
  }

  /** The candidate groups of the open task at {@code activityId}. */
  public List<String> candidateGroups(String problemKey, String activityId) {
    return tasks.getIdentityLinksForTask(task(problemKey, activityId).getId()).stream()
        .filter(link -> link.getGroupId() != null)
        .map(link -> link.getGroupId())
        .toList();
  }

  /** Completes the task at {@code activityId} as {@code user}, who must be a candidate for it. */
  public void complete(String user, String problemKey, String activityId, Map<String, Object> variables) {
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    List<Task> candidates =
        tasks.createTaskQuery()
            .processInstanceBusinessKey(problemKey)
            .taskDefinitionKey(activityId)
            .taskCandidateUser(user)
            .includeAssignedTasks()
            .list();
    assertThat(candidates).as("%s may work on %s of %s", user, activityId, problemKey).hasSize(1);
    identity.setAuthentication(user, groups);
    try {
      if (candidates.get(0).getAssignee() == null) {
        tasks.claim(candidates.get(0).getId(), user);
      }
      tasks.complete(candidates.get(0).getId(), variables);
    } finally {
      identity.clearAuthentication();
    }
  }

  /** 签收 — the unit signs for its assignment in Tasklist (before it may resolve). */
  public void signFor(String unit, String problemKey) {
    complete(unit, problemKey, "userTask_signFor", Map.of("signForDecision", "SIGN"));
  }

  /**
   * After 结案: the reporter rates the result 满意 (回访) and, if the problem was drawn for 回头看,
   * the re-inspection timer fires and the working group passes it; the instance then ends.
   */
  public void finishAfterClosure(String reporterUser, String workingGroupUser, String problemKey) {
    complete(reporterUser, problemKey, "userTask_callback", Map.of("callbackRating", "SATISFIED"));
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(problemKey).active()
        .processDefinitionKey("closed-loop-issue").list().stream().map(p -> p.getId()).findFirst().orElse(null);
    if (instance == null) {
      return;
    }
    management.createJobQuery().processInstanceId(instance).activityId("timerEvent_reinspectionDue").list()
        .forEach(job -> management.executeJob(job.getId()));
    complete(workingGroupUser, problemKey, "userTask_reinspect", Map.of("reinspectionResult", "PASSED"));
  }

  /** Starts the loop as the Tasklist start form does: form variables, initiator authenticated. */
  public ProcessInstance startByForm(String user, Map<String, Object> formVariables) {
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    identity.setAuthentication(user, groups);
    try {
      return runtime.startProcessInstanceByKey("closed-loop-issue", formVariables);
    } finally {
      identity.clearAuthentication();
    }
  }
}
