package org.bihuan.calendar;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The working-day calendar (工作日历): where time limits are counted, the office hours of a working
 * day, the notices shipped with Bihuan, and how often a node re-reads the calendar that another
 * node may have changed.
 *
 * @param zone the zone in which days begin and end (Asia/Shanghai)
 * @param officeHours periods of a working day, {@code HH:mm-HH:mm}, in order, not overlapping
 * @param initialYears notices loaded at start-up when their year is absent
 * @param refreshInterval how old this node's copy of the calendar may get before it is re-read
 */
@Validated
@ConfigurationProperties("bihuan.calendar")
public record CalendarProperties(
    @NotNull ZoneId zone,
    @NotEmpty List<String> officeHours,
    @NotNull List<String> initialYears,
    @NotNull Duration refreshInterval) {

  /** One period of office hours on a working day. */
  record OfficePeriod(LocalTime start, LocalTime end) {}

  public CalendarProperties {
    if (officeHours != null) {
      periods(officeHours); // fail fast at start-up, naming the key
    }
  }

  /** The office hours as periods, checked: each {@code HH:mm-HH:mm}, ascending, not overlapping. */
  List<OfficePeriod> periods() {
    return periods(officeHours);
  }

  private static List<OfficePeriod> periods(List<String> officeHours) {
    List<OfficePeriod> periods = new ArrayList<>();
    for (String text : officeHours) {
      String[] ends = text.split("-");
      try {
        if (ends.length != 2) {
          throw new DateTimeParseException("expected HH:mm-HH:mm", text, 0);
        }
        OfficePeriod period = new OfficePeriod(LocalTime.parse(ends[0].trim()), LocalTime.parse(ends[1].trim()));
        if (!period.start().isBefore(period.end())
            || (!periods.isEmpty() && period.start().isBefore(periods.get(periods.size() - 1).end()))) {
          throw new DateTimeParseException("periods must be ascending and must not overlap", text, 0);
        }
        periods.add(period);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "bihuan.calendar.office-hours: '" + text + "' is not a valid period (HH:mm-HH:mm, ascending): " + e.getMessage(), e);
      }
    }
    return List.copyOf(periods);
  }
}
