package org.bihuan.loop;

import org.bihuan.problem.Policies;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 发布 — publishes the approved policy as a numbered record linked to the problem. */
@Component("publishPolicy")
class PublishPolicy extends LoopDelegate {

  private final Policies policies;

  PublishPolicy(Policies policies) {
    this.policies = policies;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String number =
        policies.publish(problemKey(execution), ((Number) execution.getVariable("policyId")).longValue(), actor);
    execution.setVariable("policyNumber", number);
  }
}
