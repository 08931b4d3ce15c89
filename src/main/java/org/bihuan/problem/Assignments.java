package org.bihuan.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bihuan.catalog.CatalogService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 签收 and 退回 — what a responsible unit does with its assignment before it works on it, and the
 * working group's decision on a return. Runs in the caller's transaction (the engine command).
 */
@Service
@Transactional
public class Assignments {

  private final Problems problems;
  private final ProblemRepository repository;
  private final LifecycleLog lifecycle;
  private final CatalogService catalog;
  private final JdbcClient jdbc;

  Assignments(Problems problems, ProblemRepository repository, LifecycleLog lifecycle, CatalogService catalog, JdbcClient jdbc) {
    this.problems = problems;
    this.repository = repository;
    this.lifecycle = lifecycle;
    this.catalog = catalog;
    this.jdbc = jdbc;
  }

  /** 签收 — the unit takes its assignment; who and when are the lifecycle event's actor and time. */
  public void signFor(String key, String unitCode, String actor) {
    requireResolution(key);
    lifecycle.record(key, LifecycleType.UNIT_SIGNED, Stage.RESOLUTION, actor, Map.of("unit", unitCode));
  }

  /** 退回 — the unit says it is not responsible; a reason is mandatory. */
  public void returnAssignment(String key, String unitCode, String reason, String actor) {
    requireResolution(key);
    if (reason == null || reason.isBlank()) {
      throw new ProblemRuleViolation(
          "return-reason-required", "退回须说明理由（为何本单位不是责任单位）",
          "a return needs a reason (why this unit is not responsible)");
    }
    repository.insertNote(key, "ASSIGNMENT_RETURNED", reason.strip(), actor);
    lifecycle.record(key, LifecycleType.ASSIGNMENT_RETURNED, Stage.RESOLUTION, actor,
        Map.of("unit", unitCode, "reason", reason.strip()));
  }

  /**
   * The working group gives a returned assignment to {@code toUnit}, which takes the returning
   * unit's place (and role) among the problem's responsible units.
   */
  public void reroute(String key, String fromUnit, String toUnit, String actor) {
    requireResolution(key);
    if (toUnit == null || catalog.unit(toUnit).isEmpty()) {
      throw new ProblemRuleViolation("unknown-unit", "请选择有效的改派单位：" + toUnit, "choose a valid unit to re-route to: " + toUnit);
    }
    if (problems.responsibleUnits(key).stream().anyMatch(u -> u.code().equals(toUnit))) {
      throw new ProblemRuleViolation(
          "already-responsible", "改派单位已是本问题的责任单位：" + toUnit, "the unit is already responsible for this problem: " + toUnit);
    }
    jdbc.sql("update bihuan.problem_unit set unit_code = ? where problem_key = ? and unit_code = ?")
        .params(toUnit, key, fromUnit)
        .update();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", fromUnit);
    data.put("to", toUnit);
    lifecycle.record(key, LifecycleType.REROUTED, Stage.RESOLUTION, actor, data);
  }

  /** The working group insists: the unit keeps its assignment and gets the answer. */
  public void insist(String key, String unitCode, String answer, String actor) {
    requireResolution(key);
    if (answer == null || answer.isBlank()) {
      throw new ProblemRuleViolation("missing-field", "不同意退回须答复单位", "refusing a return needs an answer to the unit");
    }
    repository.insertNote(key, "RETURN_ANSWER", answer.strip(), actor);
    lifecycle.record(key, LifecycleType.RETURN_REFUSED, Stage.RESOLUTION, actor, Map.of("unit", unitCode));
  }

  private void requireResolution(String key) {
    ProblemRecord problem = problems.get(key);
    if (problem.stage() != Stage.RESOLUTION) {
      throw new ProblemRuleViolation(
          "wrong-stage",
          "问题 " + key + " 当前处于“" + problem.stage().label() + "”阶段，不能签收或退回",
          "problem " + key + " is in stage " + problem.stage() + "; assignments are signed for or returned in RESOLUTION");
    }
  }
}
