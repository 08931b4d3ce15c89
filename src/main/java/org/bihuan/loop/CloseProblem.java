package org.bihuan.loop;

import org.bihuan.problem.Problems;
import org.bihuan.problem.Problems.Closure;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 结案 — closure record: satisfaction, lessons, typical case (复盘) and best practice flags. */
@Component("closeProblem")
class CloseProblem extends LoopDelegate {

  private final Problems problems;

  CloseProblem(Problems problems) {
    this.problems = problems;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    Integer satisfaction = Vars.integer(execution, "satisfaction");
    if (satisfaction == null) {
      throw new ProblemRuleViolation("missing-field", "请选择满意度", "choose a satisfaction level");
    }
    problems.close(
        problemKey(execution),
        new Closure(
            satisfaction,
            Vars.string(execution, "lessons"),
            Vars.bool(execution, "typicalCase"),
            Vars.bool(execution, "bestPractice")),
        actor);
    execution.removeVariable("lessons");
  }
}
