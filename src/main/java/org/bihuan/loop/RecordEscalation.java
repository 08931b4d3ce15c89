package org.bihuan.loop;

import java.util.List;
import org.bihuan.identity.Groups;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 督办申请 — a unit asked the leading group to step in (at any stage). */
@Component("recordEscalation")
class RecordEscalation extends LoopDelegate {

  private final Problems problems;
  private final ProblemProcess process;

  RecordEscalation(Problems problems, ProblemProcess process) {
    this.problems = problems;
    this.process = process;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    problems.recordEscalation(problemKey(execution), Vars.string(execution, "escalatingUnit"),
        Vars.string(execution, "escalationReason"), actor);
    process.grantRead(execution.getProcessInstanceId(), List.of(Groups.LEADING_GROUP));
  }
}
