package org.bihuan.loop;

import org.bihuan.problem.Assignments;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * 签收 or 退回 — a responsible unit signs for its assignment or returns it with a reason, from
 * Tasklist or from its own system (the assignment-signed / assignment-returned events).
 */
@Component("applySignFor")
class ApplySignFor extends LoopDelegate {

  static final String SIGN = "SIGN";
  static final String RETURN = "RETURN";

  private final Assignments assignments;

  ApplySignFor(Assignments assignments) {
    this.assignments = assignments;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String unit = Vars.string(execution, "resolvingUnit");
    String decision = Vars.string(execution, "signForDecision");
    if (SIGN.equals(decision)) {
      assignments.signFor(problemKey(execution), unit, actor);
    } else if (RETURN.equals(decision)) {
      assignments.returnAssignment(problemKey(execution), unit, Vars.string(execution, "returnReason"), actor);
    } else {
      throw new ProblemRuleViolation("missing-field", "请选择签收或退回", "choose to sign for or to return the assignment");
    }
  }
}
