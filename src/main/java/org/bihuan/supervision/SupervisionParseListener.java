package org.bihuan.supervision;

import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Adds the supervision listener to every user task of every deployed process except the supervision
 * process itself (its 督办单 are not supervised again): 'create', 'complete', 'delete' and 'update'.
 * The listener is looked up when it runs: the engine is built before the beans it needs.
 */
class SupervisionParseListener extends AbstractBpmnParseListener {

  private final TaskListener listener;

  SupervisionParseListener(Supplier<TaskSupervision> supervision) {
    this.listener = new TaskListener() {
      @Override
      public void notify(DelegateTask task) {
        supervision.get().notify(task);
      }
    };
  }

  @Override
  public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
    if (activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition
        && TaskSupervision.PROCESS_KEY.equals(definition.getKey())) {
      return;
    }
    TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
    for (String event : new String[] {TaskListener.EVENTNAME_CREATE, TaskListener.EVENTNAME_COMPLETE,
        TaskListener.EVENTNAME_DELETE, TaskListener.EVENTNAME_UPDATE}) {
      task.addTaskListener(event, listener);
    }
  }
}
