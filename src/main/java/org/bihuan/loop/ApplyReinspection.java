package org.bihuan.loop;

import org.bihuan.problem.FollowUps;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** 回头看 — the working group re-inspects a sampled closed problem; a failure reopens it (counted). */
@Component("applyReinspection")
class ApplyReinspection extends LoopDelegate {

  private final FollowUps followUps;

  ApplyReinspection(FollowUps followUps) {
    this.followUps = followUps;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String result = Vars.string(execution, "reinspectionResult");
    if (!"PASSED".equals(result) && !"FAILED".equals(result)) {
      throw new ProblemRuleViolation("missing-field", "请选择回头看结论", "choose the re-inspection result");
    }
    String key = problemKey(execution);
    String finding = Vars.string(execution, "reinspectionFinding");
    followUps.recordReinspection(key, "PASSED".equals(result), finding, actor);
    if ("FAILED".equals(result)) {
      followUps.reopenAfterClosure(key, "REINSPECTION", finding, actor);
    }
    execution.removeVariable("reinspectionFinding");
  }
}
