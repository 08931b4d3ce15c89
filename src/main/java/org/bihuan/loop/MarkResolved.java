package org.bihuan.loop;

import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Every responsible unit has reported: the problem goes to verification. */
@Component("markResolved")
class MarkResolved extends LoopDelegate {

  private final Problems problems;

  MarkResolved(Problems problems) {
    this.problems = problems;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    problems.markResolved(problemKey(execution));
  }
}
