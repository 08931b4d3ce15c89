package org.bihuan.loop;

import java.math.BigDecimal;
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
      NewProblem filed =
          new NewProblem(
              Vars.string(execution, "title"),
              Vars.string(execution, "description"),
              catalogueNumber(execution, "actionNumber", "专项行动编号"),
              catalogueNumber(execution, "taskNumber", "重点任务编号"),
              unitOf(initiator),
              category(execution),
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

  /** The suggested category of the start form: one of {@link Category}, or none. */
  private static Category category(DelegateExecution execution) {
    String value = Vars.string(execution, "suggestedCategory");
    if (value == null) {
      return null;
    }
    try {
      return Category.valueOf(value.strip());
    } catch (IllegalArgumentException e) {
      throw new ProblemRuleViolation("invalid-category", "无效的问题类别：" + shown(value),
          "invalid suggestedCategory " + shown(value) + ", expected one of " + java.util.Arrays.toString(Category.values()));
    }
  }

  /**
   * An action or task number of the start form: a positive whole number, or none. Anything else is the
   * caller's mistake (a rule violation, 400), never an exception of the engine; a long is not narrowed
   * silently, so 4294967297 does not become task 1.
   */
  private static Integer catalogueNumber(DelegateExecution execution, String name, String chineseName) {
    Object value = execution.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    try {
      int number = new BigDecimal(value.toString().strip()).intValueExact();
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException | ArithmeticException notAWholeNumber) {
      // refused below
    }
    throw new ProblemRuleViolation("invalid-number", chineseName + "须为正整数：" + shown(value),
        name + " must be a positive whole number: " + shown(value));
  }

  /** A submitted value as it may be echoed in a message: short. */
  private static String shown(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
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
