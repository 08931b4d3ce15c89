package org.bihuan.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one parse and formats their bilingual messages consistently.
 */
final class ProblemLog {

  private final List<PlanProblem> problems = new ArrayList<>();

  void error(int line, String chinese, String english) {
    add(PlanProblem.Severity.ERROR, line, chinese, english);
  }

  void warning(int line, String chinese, String english) {
    add(PlanProblem.Severity.WARNING, line, chinese, english);
  }

  List<PlanProblem> problems() {
    return problems;
  }

  private void add(PlanProblem.Severity severity, int line, String chinese, String english) {
    String message = line > 0
        ? "第" + line + "行：" + chinese + " / line " + line + ": " + english
        : chinese + " / " + english;
    problems.add(new PlanProblem(severity, line, message));
  }
}
