package org.bihuan.security;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.bihuan.problem.ProblemDetails.ResponsibleUnit;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.ProblemScope;
import org.bihuan.problem.Problems;
import org.bihuan.platform.ApiProblems;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Bihuan's own checks for {@code /api/problems}: a unit's staff see the problems their unit filed
 * or is responsible for; working-group managers and task forces those of their action; the
 * leading group and auditors all; operators none (they administer, they do not take part).
 * Only a unit's staff file problems, and only for their own unit.
 */
@Component
public class ProblemAccess {

  private final Problems problems;

  ProblemAccess(Problems problems) {
    this.problems = problems;
  }

  public ProblemScope scopeOf(Actor actor) {
    if (actor.seesAll()) {
      return ProblemScope.ALL;
    }
    return new ProblemScope(false, actor.actions(), actor.units(), new HashSet<>(actor.groups()));
  }

  /** The problem, when the actor may see it; 404 otherwise (its existence is not disclosed). */
  public ProblemRecord readable(Actor actor, String key) {
    ProblemRecord problem = problems.find(key).orElse(null);
    if (problem != null) {
      Set<String> responsible =
          problems.responsibleUnits(key).stream().map(ResponsibleUnit::code).collect(Collectors.toSet());
      if (scopeOf(actor).includes(problem, responsible)) {
        return problem;
      }
    }
    throw ApiProblems.notFound("problem-not-found", "未找到问题 " + key, "problem " + key + " not found");
  }

  /** The unit a problem is filed for: the actor's own unit (the only one, or the one named). */
  public String filingUnit(Actor actor, String requestedUnit) {
    Set<String> units = actor.units();
    if (requestedUnit == null && units.size() == 1) {
      return units.iterator().next();
    }
    if (requestedUnit != null && units.contains(requestedUnit)) {
      return requestedUnit;
    }
    throw forbidden(
        "只有单位工作人员可以为本单位上报问题" + (requestedUnit == null ? "，请填写 reporterUnit" : "：" + requestedUnit),
        "only a unit's staff may file problems for their own unit" + (requestedUnit == null ? "; give reporterUnit" : ": " + requestedUnit));
  }

  static ErrorResponseException forbidden(String chinese, String english) {
    return new ErrorResponseException(
        org.springframework.http.HttpStatus.FORBIDDEN,
        ApiProblems.detail(org.springframework.http.HttpStatus.FORBIDDEN, "forbidden", "无权操作 / Forbidden", chinese, english),
        null);
  }
}
