package org.bihuan.loop;

import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/** 核查 is done by someone other than the people who resolved the problem (task listener on complete). */
@Component("verifierIsNotResolver")
class VerifierIsNotResolver implements TaskListener {

  private final Problems problems;

  VerifierIsNotResolver(Problems problems) {
    this.problems = problems;
  }

  @Override
  public void notify(DelegateTask task) {
    Authentication authentication =
        task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String verifier = authentication != null ? authentication.getUserId() : task.getAssignee();
    if (verifier != null && problems.currentResolvers(task.getExecution().getProcessBusinessKey()).contains(verifier)) {
      throw new BadUserRequestException("核查人不能是本问题的办理人 / the verifier must not be one of the resolvers");
    }
  }
}
