package org.bihuan.loop;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Lets the group a routing decision chose see the problem's instance at once (end listener of
 * the routing business-rule tasks), so Tasklist shows it the problem's key and title while it works.
 */
@Component("grantRoutedGroups")
class GrantRoutedGroups implements ExecutionListener {

  private final ProblemProcess process;

  GrantRoutedGroups(ProblemProcess process) {
    this.process = process;
  }

  @Override
  public void notify(DelegateExecution execution) {
    List<String> groups = new ArrayList<>();
    for (String variable : List.of("workingGroup", "analysisGroup")) {
      String group = Vars.string(execution, variable);
      if (group != null) {
        groups.add(group);
      }
    }
    process.grantRead(execution.getProcessInstanceId(), groups);
  }
}
