package org.bihuan.loop;

import java.time.Instant;
import java.util.Date;
import org.bihuan.problem.Problems;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 延期审批 — grants (moving the resolution deadline and the tasks' due dates) or refuses. */
@Component("applyExtensionDecision")
class ApplyExtensionDecision extends LoopDelegate {

  private final Problems problems;
  private final ProblemProcess process;

  ApplyExtensionDecision(Problems problems, ProblemProcess process) {
    this.problems = problems;
    this.process = process;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String decision = Vars.string(execution, "extensionDecision");
    if (!"GRANT".equals(decision) && !"REFUSE".equals(decision)) {
      throw new ProblemRuleViolation("missing-field", "请选择是否同意延期", "choose grant or refuse");
    }
    String key = problemKey(execution);
    if ("GRANT".equals(decision)) {
      Instant due = Vars.endOfDay(execution, "newDeadline");
      problems.decideExtension(key, true, due, null, actor);
      execution.setVariable("resolutionDue", Date.from(due));
      process.moveResolutionDue(key, Date.from(due));
    } else {
      problems.decideExtension(key, false, null, Vars.string(execution, "extensionComment"), actor);
    }
  }
}
