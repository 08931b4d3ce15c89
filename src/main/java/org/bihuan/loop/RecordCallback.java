package org.bihuan.loop;

import org.bihuan.problem.FollowUps;
import org.bihuan.problem.FollowUps.CallbackRating;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 回访 — the reporting unit's rating of the result; 不满意 goes to the working group. */
@Component("recordCallback")
class RecordCallback extends LoopDelegate {

  private final FollowUps followUps;

  RecordCallback(FollowUps followUps) {
    this.followUps = followUps;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String rating = Vars.string(execution, "callbackRating");
    CallbackRating parsed;
    try {
      parsed = rating == null ? null : CallbackRating.valueOf(rating);
    } catch (IllegalArgumentException e) {
      throw new ProblemRuleViolation("missing-field", "请选择回访评价（满意、基本满意或不满意）", "choose a callback rating");
    }
    followUps.recordCallback(problemKey(execution), parsed, Vars.string(execution, "callbackComment"), actor);
    execution.removeVariable("callbackComment");
  }
}
