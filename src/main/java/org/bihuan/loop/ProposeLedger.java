package org.bihuan.loop;

import java.time.LocalDate;
import org.bihuan.problem.FollowUps;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 挂账 proposed by analysis: reason and review date, for the leading group's approval. */
@Component("proposeLedger")
class ProposeLedger extends LoopDelegate {

  private final FollowUps followUps;
  private final LedgerReviews reviews;

  ProposeLedger(FollowUps followUps, LedgerReviews reviews) {
    this.followUps = followUps;
    this.reviews = reviews;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    LocalDate reviewOn = date(execution, "ledgerReviewDate");
    followUps.proposeLedger(problemKey(execution), Vars.string(execution, "ledgerReason"), reviewOn, actor);
    execution.setVariable("ledgerReviewAt", reviews.reviewAt(reviewOn));
    execution.removeVariable("analysisOutcome");
    execution.removeVariable("ledgerReason");
    execution.removeVariable("ledgerReviewDate");
  }

  static LocalDate date(DelegateExecution execution, String name) {
    String text = Vars.string(execution, name);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new ProblemRuleViolation("invalid-review-date", "复核日期格式应为 yyyy-MM-dd：" + text, "the review date must be yyyy-MM-dd: " + text);
    }
  }
}
