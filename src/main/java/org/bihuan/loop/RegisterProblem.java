package org.bihuan.loop;

import org.bihuan.identity.Groups;
import org.bihuan.problem.Category;
import org.bihuan.problem.NewProblem;
import org.bihuan.problem.ProblemRuleViolation;
import org.bihuan.problem.Problems;
import org.bihuan.problem.Problems.RoutingFacts;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Component;

/**
 * 登记 — the first step of every problem. A problem filed by REST or event already has its row and
 * business key; one filed through the Tasklist start form is registered here from the form's
 * variables, gets its business key, and its description moves into Bihuan's table.
 */
@Component("registerProblem")
class RegisterProblem extends LoopDelegate {

  private final Problems problems;
  private final IdentityService identity;
  private final ProblemProcess process;

  RegisterProblem(Problems problems, IdentityService identity, ProblemProcess process) {
    this.problems = problems;
    this.identity = identity;
    this.process = process;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    process.startedInThisTransaction(execution.getProcessInstanceId());
    String key = problemKey(execution);
    var existing = key == null ? java.util.Optional.<org.bihuan.problem.ProblemRecord>empty() : problems.find(key);
    if (existing.map(p -> p.processInstanceId() != null).orElse(false)) {
      throw new ProblemRuleViolation("business-key-taken",
          "问题 " + key + " 已有处置流程，不能再次启动", "problem " + key + " already has its process");
    }
    if (existing.isEmpty()) {
      // the authenticated user, never a variable a caller could set
      String initiator = actor;
      String category = Vars.string(execution, "suggestedCategory");
      NewProblem filed =
          new NewProblem(
              Vars.string(execution, "title"),
              Vars.string(execution, "description"),
              Vars.integer(execution, "actionNumber"),
              Vars.integer(execution, "taskNumber"),
              unitOf(initiator),
              category == null ? null : Category.valueOf(category),
              null);
      key = problems.fileFromForm(filed, initiator);
      execution.setProcessBusinessKey(key);
      // the description lives in bihuan.problem; the process keeps ids and small values
      execution.removeVariable("description");
    }
    RoutingFacts facts = problems.linkProcess(key, execution.getProcessInstanceId());
    execution.setVariable("problemKey", facts.key());
    execution.setVariable("title", facts.title());
    execution.setVariable("actionNumber", facts.actionNumber());
    execution.setVariable("leadUnitGroup", facts.leadUnitGroup());
    execution.setVariable("reporterGroup", facts.reporterGroup() == null ? Groups.LEADING_GROUP : facts.reporterGroup());
    // only what the model and its forms read: each variable is a runtime row plus two history rows
    // (task and suggested category live in bihuan.problem; the triage form hides an absent duplicate)
    if (facts.possibleDuplicateOf() != null) {
      execution.setVariable("possibleDuplicateOf", facts.possibleDuplicateOf());
    }
    process.grantRead(execution.getProcessInstanceId(), java.util.List.of(
        facts.reporterGroup() == null ? Groups.LEADING_GROUP : facts.reporterGroup()));
  }

  /** The unit of a Tasklist user: their first unit group. */
  private String unitOf(String userId) {
    if (userId == null) {
      return null;
    }
    return identity.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId)
        .map(Groups::unitCodeOf)
        .filter(code -> code != null)
        .sorted()
        .findFirst()
        .orElse(null);
  }
}
