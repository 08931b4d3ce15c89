package org.bihuan.loop;

import java.util.List;
import org.bihuan.identity.Groups;
import org.bihuan.problem.Assignments;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The working group's decision on a returned assignment: re-route it to another unit, which then
 * signs for it in the returning unit's place, or insist with an answer and give it back.
 */
@Component("applyReturnDecision")
class ApplyReturnDecision extends LoopDelegate {

  static final String REROUTE = "REROUTE";
  static final String INSIST = "INSIST";

  private final Assignments assignments;
  private final ProblemProcess process;

  ApplyReturnDecision(Assignments assignments, ProblemProcess process) {
    this.assignments = assignments;
    this.process = process;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String key = problemKey(execution);
    String unit = Vars.string(execution, "resolvingUnit");
    String decision = Vars.string(execution, "returnDecision");
    if (REROUTE.equals(decision)) {
      String to = Vars.string(execution, "rerouteUnit");
      assignments.reroute(key, unit, to, actor);
      // the multi-instance element variable: the new unit's 签收 and messages are named after it
      execution.setVariable("resolvingUnit", to);
      process.grantRead(execution.getProcessInstanceId(), List.of(Groups.unit(to)));
    } else if (INSIST.equals(decision)) {
      assignments.insist(key, unit, Vars.string(execution, "returnAnswer"), actor);
    } else {
      throw new ProblemRuleViolation("missing-field", "请选择改派或不同意退回", "choose to re-route or to insist");
    }
    // the next 签收 starts blank
    execution.setVariable("signForDecision", null);
    execution.setVariable("returnReason", null);
  }
}
