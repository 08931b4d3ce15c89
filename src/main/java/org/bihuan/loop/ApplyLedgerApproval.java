package org.bihuan.loop;

import org.bihuan.problem.FollowUps;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The leading group approves a ledger entry (the problem waits for its review date) or refuses it. */
@Component("applyLedgerApproval")
class ApplyLedgerApproval extends LoopDelegate {

  private final FollowUps followUps;

  ApplyLedgerApproval(FollowUps followUps) {
    this.followUps = followUps;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String decision = Vars.string(execution, "ledgerDecision");
    if (!"APPROVE".equals(decision) && !"REFUSE".equals(decision)) {
      throw new ProblemRuleViolation("missing-field", "请选择是否同意挂账", "choose whether to approve the ledger entry");
    }
    followUps.decideLedger(problemKey(execution), "APPROVE".equals(decision), Vars.string(execution, "ledgerComment"), actor);
    execution.removeVariable("ledgerComment");
  }
}
