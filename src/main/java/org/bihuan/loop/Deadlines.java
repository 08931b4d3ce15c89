package org.bihuan.loop;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.bihuan.calendar.WorkingDays;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Due dates of user tasks, in working days: the limit of a stage comes from the DMN table
 * {@code decision_timeLimit} (bpmn/time-limits.dmn: stage × category × cross-department × major),
 * the date from the one working-day calculator ({@code workdays}). Used in the models as
 * {@code camunda:dueDate="${deadlines.due(execution, 'TRIAGE')}"}; evaluated through Camunda's
 * decision service so that every limit given is in Cockpit's decision history.
 */
@Component("deadlines")
public class Deadlines {

  /** The decision that gives each stage's limit in working days. */
  public static final String DECISION_KEY = "decision_timeLimit";

  /** Policy approval level that makes a problem "major" (重大) for the time limits. */
  static final String MAJOR_APPROVAL_LEVEL = "LEADING_GROUP";

  private final DecisionService decisions;
  private final WorkingDays workdays;
  private final Problems problems;
  private final ProblemProcess process;

  Deadlines(DecisionService decisions, WorkingDays workdays, Problems problems, ProblemProcess process) {
    this.decisions = decisions;
    this.workdays = workdays;
    this.problems = problems;
    this.process = process;
  }

  /** The end of the stage's limit from now (Camunda's clock), for the task being created in {@code scope}. */
  public Date due(VariableScope scope, String stage) {
    return workdays.due("P" + limitDays(scope, stage) + "D");
  }

  /** The stage's limit in working days for the problem of {@code scope}. */
  public int limitDays(VariableScope scope, String stage) {
    String problemKey = scope.hasVariable("problemKey") ? String.valueOf(scope.getVariable("problemKey")) : null;
    ProblemRecord problem = problemKey == null ? null : problems.find(problemKey).orElse(null);
    String category = problem == null ? null : problem.category();
    boolean crossDepartment = problemKey != null && problems.responsibleUnits(problemKey).size() > 1;
    boolean major = MAJOR_APPROVAL_LEVEL.equals(scope.getVariable("approvalLevel"));
    return limitDays(stage, category, crossDepartment, major);
  }

  /**
   * The limit of {@code stage} in working days. The caller need not be allowed to evaluate
   * decisions in Camunda (a unit completing a task creates the next one): the rules are public.
   *
   * @throws IllegalStateException when the table has no row for the stage
   */
  public int limitDays(String stage, String category, boolean crossDepartment, boolean major) {
    Map<String, Object> facts = new HashMap<>();
    facts.put("stage", stage);
    facts.put("category", category);
    facts.put("crossDepartment", crossDepartment);
    facts.put("major", major);
    VariableMap variables = Variables.fromMap(facts);
    Object days = process.inOneCommand(() -> {
      var result = decisions.evaluateDecisionTableByKey(DECISION_KEY, variables).getSingleResult();
      return result == null ? null : result.getSingleEntry();
    });
    if (!(days instanceof Number number)) {
      throw new IllegalStateException("time-limits.dmn gives no limit for stage " + stage + " (" + facts + ")");
    }
    return number.intValue();
  }

  /**
   * An approved extension (延期) as a due date: {@code days} working days after the current due
   * date, or, when a date is chosen instead, the end of that day's office hours — of the next
   * working day when the chosen day is a rest day (the last day of a period that falls on a rest
   * day moves to the next working day, 民法典 art. 203).
   */
  public Date extended(Date currentDue, Integer days, LocalDate chosenDay) {
    if (days != null) {
      ZonedDateTime from = currentDue.toInstant().atZone(Problems.ZONE);
      return Date.from(workdays.endOfLimit(from, "P" + days + "D").toInstant());
    }
    LocalDate day = workdays.addWorkingDays(chosenDay, 0);
    ZonedDateTime dayStart = day.atStartOfDay(Problems.ZONE);
    return Date.from(workdays.endOfLimit(dayStart, "P0D").toInstant());
  }
}
