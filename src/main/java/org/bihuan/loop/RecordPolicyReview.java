package org.bihuan.loop;

import org.bihuan.problem.Policies;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 审批 — records the working group's or the leading group's review of a draft. */
@Component("recordPolicyReview")
class RecordPolicyReview extends LoopDelegate {

  private final Policies policies;

  RecordPolicyReview(Policies policies) {
    this.policies = policies;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String decision = Vars.string(execution, "reviewDecision");
    if (!"APPROVE".equals(decision) && !"RETURN".equals(decision)) {
      throw new ProblemRuleViolation("missing-field", "请选择审批意见", "choose approve or return");
    }
    String reviewer = execution.getCurrentActivityId().contains("LeadingGroup") ? "LEADING_GROUP" : "WORKING_GROUP";
    policies.review(
        problemKey(execution),
        ((Number) execution.getVariable("policyId")).longValue(),
        Vars.string(execution, "approvalLevel"),
        reviewer,
        "APPROVE".equals(decision),
        Vars.string(execution, "reviewComment"),
        actor);
  }
}
