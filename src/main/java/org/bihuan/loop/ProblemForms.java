package org.bihuan.loop;

import static org.camunda.spin.Spin.JSON;

import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;
import org.bihuan.catalog.CatalogService;
import org.bihuan.catalog.UnitKind;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.ProblemDetails.ResolutionReport;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.stereotype.Component;

/**
 * What the Chinese task forms show, computed from Bihuan's tables when a task is created (input
 * mappings such as {@code ${problemForms.details(execution)}}), so details need not be process
 * variables of their own.
 *
 * <p>Texts reach the forms as JSON variables ({@code {"markdown": "…"}}, shown by the forms as
 * {@code {{problemDetails.markdown}}}), never as strings: Camunda keeps a string variable in a
 * {@code varchar(4000)} column, which a 4,000-character description alone fills, while a JSON
 * variable is kept in a byte array, at runtime and in history alike. Tasklist hands JSON
 * variables to Camunda Forms parsed, so a text template can address their fields.
 */
@Component("problemForms")
public class ProblemForms {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(Problems.ZONE);
  private static final Map<String, String> OUTCOMES =
      Map.of("RESOLVED", "已解决", "PARTIALLY_RESOLVED", "部分解决", "NOT_RESOLVED", "未能解决");

  private final Problems problems;
  private final CatalogService catalog;

  ProblemForms(Problems problems, CatalogService catalog) {
    this.problems = problems;
    this.catalog = catalog;
  }

  /** Markdown summary of a problem for the task forms, as {@code {"markdown": "…"}}. */
  public SpinJsonNode details(DelegateExecution execution) {
    ProblemRecord p = problems.get(execution.getProcessBusinessKey());
    StringBuilder md = new StringBuilder();
    md.append("**问题描述**：").append(p.description()).append("\n\n");
    if (p.actionNumber() != null) {
      catalog.action(p.actionNumber()).ifPresent(a -> md.append("**专项行动**：（").append(a.number()).append("）").append(a.title()).append("\n\n"));
    }
    if (p.taskNumber() != null) {
      catalog.task(p.taskNumber()).ifPresent(t -> md.append("**重点任务**：").append(t.number()).append(". ").append(t.title()).append("\n\n"));
    }
    if (p.reporterUnitCode() != null) {
      catalog.unit(p.reporterUnitCode()).ifPresent(u -> md.append("**上报单位**：").append(u.name()).append("\n\n"));
    }
    problems.notes(p.key()).stream()
        .filter(n -> n.kind().equals("INFO"))
        .forEach(n -> md.append("**补充材料**：").append(n.text()).append("\n\n"));
    if (p.rootCause() != null) {
      md.append("**根本原因**：").append(p.rootCause()).append("\n\n");
      md.append("**措施与计划**：").append(p.measures()).append("\n\n");
      if (p.resolutionDue() != null) {
        md.append("**办结时限**：").append(DAY.format(p.resolutionDue())).append("\n\n");
      }
    }
    if (p.reworkCount() > 0) {
      md.append("**核查退回次数**：").append(p.reworkCount()).append("\n\n");
    }
    return markdown(md.toString().strip());
  }

  /** Options of the unit pickers: {@code [{"label": "区发改委", "value": "qfgw"}, …]}. */
  public SpinJsonNode unitOptions() {
    SpinJsonNode options = JSON("[]");
    // collective names (各街道, 区级有关部门…) are no unit that could take a task
    catalog.units().stream()
        .filter(u -> u.kind() != UnitKind.COLLECTIVE)
        .forEach(u -> options.append(JSON(Map.of("label", u.name(), "value", u.code()))));
    return options;
  }

  /** Markdown of each unit's report in the current round, for verification, as {@code {"markdown": "…"}}. */
  public SpinJsonNode resolutionSummary(DelegateExecution execution) {
    return markdown(problems.currentResolutionReports(execution.getProcessBusinessKey()).stream()
        .map(ProblemForms::line)
        .collect(Collectors.joining("\n\n")));
  }

  private static SpinJsonNode markdown(String markdown) {
    return JSON(Map.of("markdown", markdown));
  }

  private static String line(ResolutionReport r) {
    return "**" + r.unitName() + "**（" + OUTCOMES.getOrDefault(r.outcome(), r.outcome()) + "）：" + r.actionsTaken();
  }
}
