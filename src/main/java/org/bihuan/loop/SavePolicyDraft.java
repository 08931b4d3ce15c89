package org.bihuan.loop;

import org.bihuan.problem.Policies;
import org.bihuan.problem.Policies.PolicyDraft;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 起草 — saves the drafted policy or measure (a returned draft is revised in place). */
@Component("savePolicyDraft")
class SavePolicyDraft extends LoopDelegate {

  private final Policies policies;

  SavePolicyDraft(Policies policies) {
    this.policies = policies;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    Object existing = execution.getVariable("policyId");
    long id =
        policies.saveDraft(
            problemKey(execution),
            existing == null ? null : ((Number) existing).longValue(),
            new PolicyDraft(
                Vars.string(execution, "policyTitle"),
                Vars.string(execution, "policySummary"),
                Vars.string(execution, "measureScope"),
                Vars.decimal(execution, "estimatedFunding"),
                Vars.bool(execution, "affectsPublic")),
            actor);
    execution.setVariable("policyId", id);
  }
}
