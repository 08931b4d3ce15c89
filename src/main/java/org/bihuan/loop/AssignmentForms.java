package org.bihuan.loop;

import static org.camunda.spin.Spin.JSON;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bihuan.catalog.Catalog.Unit;
import org.bihuan.catalog.CatalogService;
import org.bihuan.catalog.UnitKind;
import org.bihuan.problem.ProblemDetails.ResponsibleUnit;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.stereotype.Component;

/** What the 审核退回 form shows: the returning unit's name and the units it may be re-routed to. */
@Component("assignmentForms")
public class AssignmentForms {

  private final Problems problems;
  private final CatalogService catalog;

  AssignmentForms(Problems problems, CatalogService catalog) {
    this.problems = problems;
    this.catalog = catalog;
  }

  public String unitName(String unitCode) {
    return catalog.unit(unitCode).map(Unit::name).orElse(unitCode);
  }

  /** The problem's key task, an input of the re-routing suggestion (DMN {@code decision_rerouteSuggestion}). */
  public Integer taskNumber(DelegateExecution execution) {
    return problems.get(execution.getProcessBusinessKey()).taskNumber();
  }

  /**
   * Units the problem may be re-routed to, in the order of the sources that the DMN
   * {@code decision_rerouteSuggestion} chose ({@code rerouteSources}): units of the catalogue
   * marked 建议, then every other unit when the DMN says so. Units already responsible for the
   * problem are left out.
   */
  public SpinJsonNode rerouteOptions(DelegateExecution execution) {
    ProblemRecord problem = problems.get(execution.getProcessBusinessKey());
    Set<String> taken = problems.responsibleUnits(problem.key()).stream().map(ResponsibleUnit::code).collect(Collectors.toSet());
    Map<String, String> options = new LinkedHashMap<>();
    for (String source : Vars.strings(execution, "rerouteSources")) {
      switch (source) {
        case "TASK_LEAD_UNITS" -> task(problem).ifPresent(t -> t.leadUnits().forEach(u -> suggest(options, u, taken)));
        case "TASK_RESPONSIBLE_UNITS" -> task(problem).ifPresent(t -> t.responsibleUnits().forEach(u -> suggest(options, u, taken)));
        case "ACTION_LEAD_UNIT" -> {
          if (problem.actionNumber() != null) {
            catalog.action(problem.actionNumber()).ifPresent(a -> suggest(options, a.leadUnit(), taken));
          }
        }
        case "ALL_UNITS" -> catalog.units().stream()
            .filter(u -> u.kind() != UnitKind.COLLECTIVE && !taken.contains(u.code()))
            .forEach(u -> options.putIfAbsent(u.code(), u.name()));
        default -> throw new IllegalStateException("decision_rerouteSuggestion gave an unknown source: " + source);
      }
    }
    SpinJsonNode json = JSON("[]");
    options.forEach((code, label) -> json.append(JSON(Map.of("label", label, "value", code))));
    return json;
  }

  private java.util.Optional<org.bihuan.catalog.Catalog.Task> task(ProblemRecord problem) {
    return problem.taskNumber() == null ? java.util.Optional.empty() : catalog.task(problem.taskNumber());
  }

  private static void suggest(Map<String, String> options, Unit unit, Set<String> taken) {
    if (unit.kind() != UnitKind.COLLECTIVE && !taken.contains(unit.code())) {
      options.putIfAbsent(unit.code(), unit.name() + "（建议）");
    }
  }
}
