package org.bihuan.catalog;

/**
 * Something the parser found wrong or doubtful in a plan text.
 *
 * @param severity {@link Severity#ERROR} means the plan must not be imported as is
 * @param line     1-based line in the source text, or 0 when the problem concerns the whole text
 * @param message  Chinese first, then English, e.g. {@code 第12行：任务缺少牵头单位 / line 12: task has no lead unit}
 */
public record PlanProblem(Severity severity, int line, String message) {

  /** How serious a {@link PlanProblem} is. */
  public enum Severity {
    /** The text is inconsistent; importing it would lose or falsify data. */
    ERROR,
    /** The parser repaired or ignored something; worth a look. */
    WARNING
  }
}
