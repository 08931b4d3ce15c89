package org.bihuan.problem;

/**
 * Filters of the problem listing; {@code null} means "any". The scope is always applied. {@code
 * light}: the problem's light (worst of its open tasks, {@link Light}).
 */
public record ProblemFilter(Stage stage, Integer actionNumber, Integer taskNumber, String unitCode, ProblemScope scope,
    Light light) {

  public ProblemFilter(Stage stage, Integer actionNumber, Integer taskNumber, String unitCode, ProblemScope scope) {
    this(stage, actionNumber, taskNumber, unitCode, scope, null);
  }
}
