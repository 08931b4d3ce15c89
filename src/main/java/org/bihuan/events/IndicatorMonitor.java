package org.bihuan.events;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.Optional;
import org.bihuan.catalog.Catalog.Target;
import org.bihuan.catalog.CatalogService;
import org.bihuan.events.InboundEvents.Outcome;
import org.bihuan.problem.NewProblem;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 发现问题 without a human: a unit's indicator value is compared with the plan's target and its
 * trajectory; an off-track value opens a problem (at most one open per indicator and period) and a
 * later value is recorded on that problem.
 *
 * <p>Trajectory: rates and limits ({@code ≈}, {@code ≤}, {@code <}) must hold in every period
 * ({@code ≈} within 5%). Levels to reach ({@code ≥}, {@code >}) are judged against the straight
 * line from the indicator's first reported value (its baseline) to the target in the target year;
 * the first value itself sets the baseline and is on track.
 */
@Component
class IndicatorMonitor {

  private static final BigDecimal ABOUT_TOLERANCE = new BigDecimal("0.05");

  private final CatalogService catalog;
  private final Problems problems;
  private final JdbcClient jdbc;

  IndicatorMonitor(CatalogService catalog, Problems problems, JdbcClient jdbc) {
    this.catalog = catalog;
    this.problems = problems;
    this.jdbc = jdbc;
  }

  Outcome report(EventEnvelope event) {
    String code = event.text("indicatorCode");
    String period = event.text("period");
    BigDecimal value = event.data().path("value").decimalValue();
    Target target = catalog.targets().stream().filter(t -> t.code().equals(code)).findFirst()
        .orElseThrow(() -> new RejectedEvent(RejectedEvent.NOT_APPLICABLE, "no target " + code + " in the catalogue"));
    boolean onTrack = onTrack(target, period, value, baseline(code, period));
    String note = event.text("note");
    Optional<String> open = problems.openProblemOfIndicator(code, period);
    String problemKey = open.orElse(null);
    String actor = EventEffects.actor(event);
    if (open.isPresent()) {
      problems.addNote(problemKey, onTrack ? "INDICATOR_ON_TRACK" : "INDICATOR_OFF_TRACK",
          withNote(describe(target, period, value, onTrack), note), actor);
    } else if (!onTrack) {
      problemKey = problems.fileForIndicator(
          new NewProblem(
              "指标偏离目标：" + target.description() + "（" + period + "）",
              withNote(describe(target, period, value, false), note), null, null, event.unitCode(), null, code + ":" + period),
          code, period, actor, InboundEvents.groupsOf(event));
    }
    jdbc.sql(
            """
            insert into bihuan.indicator_reading (indicator_code, period, unit_code, value, on_track, problem_key, reported_at, note)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(code, period, event.unitCode(), value, onTrack, problemKey, new Timestamp(ClockUtil.getCurrentTime().getTime()),
            note)
        .update();
    return Outcome.APPLIED;
  }

  static boolean onTrack(Target target, String period, BigDecimal value, Baseline baseline) {
    BigDecimal goal = target.targetValue();
    return switch (target.comparator()) {
      case ABOUT -> value.subtract(goal).abs().compareTo(goal.abs().multiply(ABOUT_TOLERANCE)) <= 0;
      case AT_MOST -> value.compareTo(goal) <= 0;
      case LESS_THAN -> value.compareTo(goal) < 0;
      case AT_LEAST, MORE_THAN -> {
        BigDecimal expected = expected(target, year(period), baseline);
        if (expected == null) {
          yield true;
        }
        boolean finalYear = target.targetYear() == null || year(period) >= target.targetYear();
        yield finalYear && target.comparator() == org.bihuan.catalog.TargetComparator.MORE_THAN
            ? value.compareTo(expected) > 0
            : value.compareTo(expected) >= 0;
      }
    };
  }

  /** The value a level should have reached in {@code year}; null when there is no baseline yet. */
  private static BigDecimal expected(Target target, int year, Baseline baseline) {
    Integer targetYear = target.targetYear();
    if (targetYear == null || year >= targetYear) {
      return target.targetValue();
    }
    if (baseline == null || baseline.year() >= year) {
      return null;
    }
    BigDecimal share = BigDecimal.valueOf(year - baseline.year())
        .divide(BigDecimal.valueOf(targetYear - baseline.year()), 6, RoundingMode.HALF_UP);
    return baseline.value().add(target.targetValue().subtract(baseline.value()).multiply(share));
  }

  /** The first value ever reported for an indicator, before {@code period}. */
  private Baseline baseline(String code, String period) {
    return jdbc.sql(
            "select period, value from bihuan.indicator_reading where indicator_code = ? and period < ? order by period, reported_at limit 1")
        .params(code, period)
        .query((rs, i) -> new Baseline(year(rs.getString(1)), rs.getBigDecimal(2)))
        .optional()
        .orElse(null);
  }

  record Baseline(int year, BigDecimal value) {}

  private static int year(String period) {
    return Integer.parseInt(period.substring(0, 4));
  }

  /** The reporting unit's own explanation (说明), after Bihuan's description of the reading. */
  private static String withNote(String description, String note) {
    return note == null || note.isBlank() ? description : description + "\n\n说明：" + note.strip();
  }

  private static String describe(Target target, String period, BigDecimal value, boolean onTrack) {
    return "指标 " + target.code() + "（" + target.description() + "）" + period + " 报告值 " + value.stripTrailingZeros().toPlainString()
        + " " + target.unitOfMeasure() + "，目标 " + target.comparator().symbol() + " "
        + target.targetValue().stripTrailingZeros().toPlainString() + " " + target.unitOfMeasure()
        + (target.targetYear() == null ? "" : "（" + target.targetYear() + "年）") + "：" + (onTrack ? "符合进度" : "偏离目标进度");
  }
}
