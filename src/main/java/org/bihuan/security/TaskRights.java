package org.bihuan.security;

import java.util.Objects;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Who may do what with a task's comments and attachments, which Camunda does not check itself (any
 * logged-in user may comment on any task id, and deleting needs no more than reading): reading needs
 * the right to read the task, adding the right to work it (assignee or candidate), deleting another's
 * comment or any attachment (Camunda does not record who attached a file) is for operators only.
 */
@Component
class TaskRights {

  private final ProcessEngineConfigurationImpl engine;
  private final TaskService tasks;
  private final HistoryService history;
  private final IdentityService identity;

  TaskRights(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
    this.tasks = engine.getTaskService();
    this.history = engine.getHistoryService();
    this.identity = engine.getIdentityService();
  }

  /** The actor's assignee or candidate of the open task (operators may do anything). */
  boolean canWork(Actor actor, String taskId) {
    if (actor.isOperator()) {
      return true;
    }
    return FormFields.privileged(engine, () -> {
      Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
      if (task == null) {
        return false;
      }
      if (actor.userId().equals(task.getAssignee())) {
        return true;
      }
      return tasks.getIdentityLinksForTask(taskId).stream()
          .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
          .anyMatch(link -> actor.userId().equals(link.getUserId())
              || (link.getGroupId() != null && actor.groups().contains(link.getGroupId())));
    });
  }

  /** The actor may read the task, open or finished, by Camunda's authorizations. */
  boolean canRead(Actor actor, String taskId) {
    if (actor.isOperator() || canWork(actor, taskId)) {
      return true;
    }
    Authentication previous = identity.getCurrentAuthentication();
    identity.setAuthentication(actor.userId(), actor.groups());
    try {
      return tasks.createTaskQuery().taskId(taskId).count() > 0
          || history.createHistoricTaskInstanceQuery().taskId(taskId).count() > 0;
    } finally {
      if (previous == null) {
        identity.clearAuthentication();
      } else {
        identity.setAuthentication(previous);
      }
    }
  }

  /** The comment's author: the actor's own comment? */
  boolean wrote(Actor actor, String taskId, String commentId) {
    return FormFields.privileged(engine, () -> {
      Comment comment = tasks.getTaskComment(taskId, commentId);
      return comment != null && Objects.equals(comment.getUserId(), actor.userId());
    });
  }
}
