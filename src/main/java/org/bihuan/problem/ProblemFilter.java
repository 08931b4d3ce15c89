package org.bihuan.problem;

/** Filters of the problem listing; {@code null} means "any". The scope is always applied. */
public record ProblemFilter(Stage stage, Integer actionNumber, Integer taskNumber, String unitCode, ProblemScope scope) {}
