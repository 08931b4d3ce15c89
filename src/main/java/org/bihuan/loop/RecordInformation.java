package org.bihuan.loop;

import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 补充材料 — stores the reporter's answer; the problem goes back to triage. */
@Component("recordInformation")
class RecordInformation extends LoopDelegate {

  private final Problems problems;

  RecordInformation(Problems problems) {
    this.problems = problems;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    problems.provideInformation(problemKey(execution), Vars.string(execution, "additionalInformation"), actor);
    execution.removeVariable("additionalInformation");
  }
}
