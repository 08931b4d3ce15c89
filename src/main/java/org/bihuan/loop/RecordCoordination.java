package org.bihuan.loop;

import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 协调处理 — the leading group's decision on a coordination request (申请协调). */
@Component("recordCoordination")
class RecordCoordination extends LoopDelegate {

  private final Problems problems;

  RecordCoordination(Problems problems) {
    this.problems = problems;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    problems.recordCoordination(problemKey(execution), Vars.string(execution, "coordinationDecision"), actor);
    execution.removeVariable("coordinationDecision");
  }
}
