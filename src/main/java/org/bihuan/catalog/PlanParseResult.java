package org.bihuan.catalog;

import java.util.List;

/**
 * What {@link PlanParser#parse(String)} returns: the plan as far as it could be read, plus every problem met.
 * The plan is always present, even with errors, so a reviewer can see everything next to the problems.
 */
public record PlanParseResult(ParsedPlan plan, List<PlanProblem> problems) {

  public PlanParseResult {
    problems = List.copyOf(problems);
  }

  /** Whether any problem is an {@link PlanProblem.Severity#ERROR}. */
  public boolean hasErrors() {
    return problems.stream().anyMatch(p -> p.severity() == PlanProblem.Severity.ERROR);
  }
}
