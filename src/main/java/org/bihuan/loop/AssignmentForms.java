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

  /**
   * Units the problem may be re-routed to, suggested first: the lead and responsible units that the
   * catalogue names for the problem's task (the plan's own answer to "who else does this"), then
   * every other unit. Units already responsible for the problem are left out.
   */
  public SpinJsonNode rerouteOptions(DelegateExecution execution) {
    ProblemRecord problem = problems.get(execution.getProcessBusinessKey());
    Set<String> taken = problems.responsibleUnits(problem.key()).stream().map(ResponsibleUnit::code).collect(Collectors.toSet());
    Map<String, String> options = new LinkedHashMap<>();
    if (problem.taskNumber() != null) {
      catalog.task(problem.taskNumber()).ifPresent(task -> {
        task.leadUnits().forEach(u -> suggest(options, u, taken));
        task.responsibleUnits().forEach(u -> suggest(options, u, taken));
      });
    }
    catalog.units().stream()
        .filter(u -> u.kind() != UnitKind.COLLECTIVE && !taken.contains(u.code()))
        .forEach(u -> options.putIfAbsent(u.code(), u.name()));
    SpinJsonNode json = JSON("[]");
    options.forEach((code, label) -> json.append(JSON(Map.of("label", label, "value", code))));
    return json;
  }

  private static void suggest(Map<String, String> options, Unit unit, Set<String> taken) {
    if (unit.kind() != UnitKind.COLLECTIVE && !taken.contains(unit.code())) {
      options.putIfAbsent(unit.code(), unit.name() + "（建议）");
    }
  }
}
