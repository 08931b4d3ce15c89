package org.bihuan.loop;

import java.util.ArrayList;
import java.util.List;
import org.bihuan.identity.Groups;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Lets the group a routing decision chose see the problem's instance at once (end listener of
 * the routing business-rule tasks), so Tasklist shows it the problem's key and title while it works;
 * the working group and task force of the problem's action see it from filing on, as in {@code /api}.
 * The analysis group is stored with the problem at routing, so {@code /api} shows it the problem
 * from the same moment (docs/security.md, "One visibility rule").
 */
@Component("grantRoutedGroups")
class GrantRoutedGroups implements ExecutionListener {

  private final ProblemProcess process;
  private final Problems problems;

  GrantRoutedGroups(ProblemProcess process, Problems problems) {
    this.process = process;
    this.problems = problems;
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
    Integer action = Vars.integer(execution, "actionNumber");
    if (action != null) {
      groups.add(Groups.workingGroup(action));
      groups.add(Groups.taskForce(action));
    }
    String analysisGroup = Vars.string(execution, "analysisGroup");
    if (analysisGroup != null && "businessRuleTask_routeAnalysis".equals(execution.getCurrentActivityId())) {
      problems.routedToAnalysis(Vars.string(execution, "problemKey"), analysisGroup);
    }
    process.grantRead(execution.getProcessInstanceId(), groups);
  }
}
