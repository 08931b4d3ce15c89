package org.bihuan.calendar;

import java.time.LocalDate;
import java.util.Set;
import java.util.SortedSet;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code workingDayCalendar}: the loaded years and the years counted with plain
 * weekends because they are not loaded. A missing year is a warning, not an outage: the status
 * stays UP (a node must not be taken out of service for it) and the details carry {@code warning}.
 */
@Component
class WorkingDayCalendarHealthIndicator extends AbstractHealthIndicator {

  private final CalendarState state;
  private final CalendarProperties properties;

  WorkingDayCalendarHealthIndicator(CalendarState state, CalendarProperties properties) {
    super("working-day calendar health check failed");
    this.state = state;
    this.properties = properties;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    Set<Integer> loaded = state.snapshot().loadedYears();
    SortedSet<Integer> fallback = state.fallbackYears();
    int currentYear = LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), properties.zone()).getYear();
    health.up()
        .withDetail("loadedYears", loaded)
        .withDetail("fallbackYears", fallback)
        .withDetail("currentYearLoaded", loaded.contains(currentYear))
        .withDetail("nextYearLoaded", loaded.contains(currentYear + 1));
    if (!fallback.isEmpty() || !loaded.contains(currentYear)) {
      SortedSet<Integer> missing = new java.util.TreeSet<>(fallback);
      if (!loaded.contains(currentYear)) {
        missing.add(currentYear);
      }
      health.withDetail("warning", "年份 " + missing + " 未加载节假日安排，按普通周末计算工作日"
          + " / years " + missing + " are not loaded: working days there are counted with plain weekends;"
          + " load the State Council's notice with POST /api/calendar/years");
    }
  }
}
