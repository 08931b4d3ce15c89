package org.bihuan.loop;

import org.bihuan.problem.Category;
import org.bihuan.problem.Problems;
import org.bihuan.problem.Problems.TriageDecision;
import org.bihuan.problem.Problems.TriageOutcome;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 受理 — applies the working group's decision: accept, reject, merge or ask for information. */
@Component("applyTriage")
class ApplyTriage extends LoopDelegate {

  private final Problems problems;
  private final ProblemProcess process;

  ApplyTriage(Problems problems, ProblemProcess process) {
    this.problems = problems;
    this.process = process;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String decision = Vars.string(execution, "triageDecision");
    if (decision == null) {
      throw new ProblemRuleViolation("missing-field", "请选择受理结论", "choose a triage decision");
    }
    String category = Vars.string(execution, "category");
    problems.triage(
        problemKey(execution),
        new TriageOutcome(
            TriageDecision.valueOf(decision),
            category == null ? null : Category.valueOf(category),
            Vars.string(execution, "rejectReason"),
            Vars.string(execution, "duplicateOf"),
            Vars.string(execution, "infoRequest"),
            Vars.string(execution, "workingGroup")),
        actor);
    process.grantRead(execution.getProcessInstanceId(), java.util.List.of(Vars.string(execution, "workingGroup")));
  }
}
