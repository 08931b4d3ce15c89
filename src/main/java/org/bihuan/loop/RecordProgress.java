package org.bihuan.loop;

import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 进展 — a resolving unit's progress report (message from its system); the task stays open. */
@Component("recordProgress")
class RecordProgress extends LoopDelegate {

  private final Problems problems;

  RecordProgress(Problems problems) {
    this.problems = problems;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    problems.recordProgress(problemKey(execution), Vars.string(execution, "resolvingUnit"),
        Vars.string(execution, "progress"), Vars.integer(execution, "percentComplete"), actor);
  }
}
