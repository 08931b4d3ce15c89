package org.bihuan.loop;

import java.util.List;
import org.bihuan.identity.Groups;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * 申请协调 — a unit blocked by another asked the leading group to coordinate (at any stage). The
 * Kafka type keeps its name {@code escalation-requested}; 督办 now means supervision of a missed
 * time limit (org.bihuan.supervision).
 */
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
