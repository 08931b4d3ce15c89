package org.bihuan.loop;

import org.bihuan.problem.Problems;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * 核查 — confirms the resolution or reopens the problem at analysis (rework counted). Whoever
 * reported a resolution in this round may not verify it.
 */
@Component("applyVerification")
class ApplyVerification extends LoopDelegate {

  private final Problems problems;

  ApplyVerification(Problems problems) {
    this.problems = problems;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String decision = Vars.string(execution, "verificationDecision");
    if (!"CONFIRMED".equals(decision) && !"REOPEN".equals(decision)) {
      throw new ProblemRuleViolation("missing-field", "请选择核查结论", "choose a verification decision");
    }
    if (actor != null && problems.currentResolvers(problemKey(execution)).contains(actor)) {
      throw new ProblemRuleViolation(
          "verifier-is-resolver", "核查人不能是本问题的办理人", "the verifier must not be one of the resolvers");
    }
    problems.verify(problemKey(execution), "CONFIRMED".equals(decision), Vars.string(execution, "verificationComment"), actor);
  }
}
