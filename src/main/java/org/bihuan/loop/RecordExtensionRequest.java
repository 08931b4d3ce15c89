package org.bihuan.loop;

import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 延期申请 — a resolving unit asked for more time. */
@Component("recordExtensionRequest")
class RecordExtensionRequest extends LoopDelegate {

  private final Problems problems;

  RecordExtensionRequest(Problems problems) {
    this.problems = problems;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    problems.recordExtensionRequest(problemKey(execution), Vars.string(execution, "extensionUnit"),
        Vars.string(execution, "extensionReason"), Vars.string(execution, "requestedDue"), actor);
  }
}
