package org.bihuan.loop;

import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Base of the loop's delegates: each calls one use case. A broken rule becomes a
 * {@link BadUserRequestException}, which rolls back the whole engine command (nothing half-applied)
 * and reaches Tasklist and {@code /engine-rest} as a 400 with the Chinese/English message.
 */
abstract class LoopDelegate implements JavaDelegate {

  @Override
  public final void execute(DelegateExecution execution) {
    try {
      run(execution, actor(execution));
    } catch (ProblemRuleViolation violation) {
      throw new BadUserRequestException(violation.getMessage(), violation);
    }
  }

  abstract void run(DelegateExecution execution, String actor);

  static String actor(DelegateExecution execution) {
    Authentication authentication =
        execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return authentication == null ? null : authentication.getUserId();
  }

  static String problemKey(DelegateExecution execution) {
    return execution.getProcessBusinessKey();
  }
}
