package org.bihuan.loop;

import java.time.LocalDate;
import org.bihuan.problem.FollowUps;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Ledger review on its date: keep on the ledger with a new date, or continue at analysis. */
@Component("applyLedgerReview")
class ApplyLedgerReview extends LoopDelegate {

  private final FollowUps followUps;
  private final LedgerReviews reviews;

  ApplyLedgerReview(FollowUps followUps, LedgerReviews reviews) {
    this.followUps = followUps;
    this.reviews = reviews;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String decision = Vars.string(execution, "ledgerReviewDecision");
    if (!"KEEP".equals(decision) && !"CONTINUE".equals(decision)) {
      throw new ProblemRuleViolation("missing-field", "请选择继续挂账或恢复办理", "choose to keep on the ledger or to continue");
    }
    boolean keep = "KEEP".equals(decision);
    LocalDate next = keep ? ProposeLedger.date(execution, "ledgerReviewDate") : null;
    followUps.reviewLedger(problemKey(execution), keep, next, Vars.string(execution, "ledgerReviewComment"), actor);
    if (keep) {
      execution.setVariable("ledgerReviewAt", reviews.reviewAt(next));
    } else {
      execution.removeVariable("ledgerReviewAt");
    }
    execution.removeVariable("ledgerReviewDate");
    execution.removeVariable("ledgerReviewComment");
  }
}
