package org.bihuan.loop;

import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 办理 — one responsible unit's report, inside the multi-instance resolution. */
@Component("recordResolution")
class RecordResolution extends LoopDelegate {

  private final Problems problems;

  RecordResolution(Problems problems) {
    this.problems = problems;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    problems.recordUnitResolution(
        problemKey(execution),
        Vars.string(execution, "resolvingUnit"),
        Vars.string(execution, "actionsTaken"),
        Vars.string(execution, "outcome"),
        actor);
  }
}
