package org.bihuan.loop;

import org.bihuan.problem.FollowUps;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The working group on a 不满意 callback: reopen at analysis (counted) or confirm the closure. */
@Component("applyCallbackReview")
class ApplyCallbackReview extends LoopDelegate {

  private final FollowUps followUps;

  ApplyCallbackReview(FollowUps followUps) {
    this.followUps = followUps;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String decision = Vars.string(execution, "callbackReviewDecision");
    String comment = Vars.string(execution, "callbackReviewComment");
    if ("REOPEN".equals(decision)) {
      followUps.reopenAfterClosure(problemKey(execution), "CALLBACK", comment, actor);
    } else if (!"CONFIRM".equals(decision)) {
      throw new ProblemRuleViolation("missing-field", "请选择重新办理或维持结案", "choose to reopen or to confirm the closure");
    } else if (comment != null) {
      followUps.noteCallbackConfirmed(problemKey(execution), comment, actor);
    }
    execution.removeVariable("callbackRating");
    execution.removeVariable("callbackReviewComment");
  }
}
