package org.bihuan.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.bihuan.calendar.CalendarProperties.OfficePeriod;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * 工作日 — the one calculator of working days and working hours. Every time limit of Bihuan is
 * counted here: BPMN timers ({@code ${workdays.timer('P3D')}}), task due and follow-up dates
 * ({@code ${workdays.due('P3D')}}), the calendar API and, later, the board's on-time figures.
 *
 * <p>Rules (see docs/adr/0006-working-day-calendar.md):
 * <ul>
 *   <li>A day of a loaded year is a rest day when it is listed with {@code offDay} true, a working
 *       day when listed with {@code offDay} false (调休), else a rest day on Saturdays and Sundays.
 *   <li>A day of a year that is not loaded follows plain weekends, and that is logged and shown in
 *       the health details ({@code workingDayCalendar}).
 *   <li>{@link #addWorkingDays}: from a date, N working days later; a start on a rest day counts
 *       from the next working day (the starting day itself is never counted, as in 民法典 art. 201).
 *   <li>A limit of N working days ends when the office closes on that day (民法典 art. 203).
 * </ul>
 *
 * <p>Registered as the bean {@code workdays}; the Camunda Spring Boot starter resolves every bean
 * in expressions.
 */
public class WorkingDays {

  /** Prefix of the timer descriptions that {@link WorkingDayBusinessCalendar} resolves. */
  static final String TIMER_PREFIX = "workdays:";

  /** No limit spans ten years; a longer walk is a mistake in the input, not a deadline. */
  static final int MAX_DAYS_WALKED = 3660;

  private final CalendarState state;
  private final ZoneId zone;
  private final List<OfficePeriod> officeHours;

  WorkingDays(CalendarState state, CalendarProperties properties) {
    this.state = state;
    this.zone = properties.zone();
    this.officeHours = properties.periods();
  }

  /** Whether people work on that day. */
  public boolean isWorkingDay(LocalDate day) {
    return isWorkingDay(state.snapshot(), day);
  }

  /**
   * From a date, {@code days} working days later. A {@code from} that is a rest day counts from the
   * next working day; zero days is that first working day.
   *
   * @throws IllegalArgumentException when {@code days} is negative
   */
  public LocalDate addWorkingDays(LocalDate from, int days) {
    if (days < 0) {
      throw new IllegalArgumentException("days must not be negative: " + days);
    }
    CalendarSnapshot calendar = state.snapshot();
    LocalDate day = nextWorkingDay(calendar, from);
    for (int i = 0; i < days; i++) {
      day = nextWorkingDay(calendar, day.plusDays(1));
    }
    return day;
  }

  /**
   * Working days in {@code [from, to)}: {@code from} counts, {@code to} does not, so that
   * {@code workingDaysBetween(d, addWorkingDays(d, n)) == n} for every date d. Negative when
   * {@code to} is before {@code from}.
   */
  public int workingDaysBetween(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      return -workingDaysBetween(to, from);
    }
    CalendarSnapshot calendar = state.snapshot();
    int count = 0;
    for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
      if (isWorkingDay(calendar, day)) {
        count++;
      }
    }
    return count;
  }

  /**
   * The instant at which {@code duration} of office time has passed after {@code from}, counting
   * only the office hours of working days. A start outside office hours counts from the next
   * opening.
   */
  public ZonedDateTime addWorkingTime(ZonedDateTime from, Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + duration);
    }
    CalendarSnapshot calendar = state.snapshot();
    ZonedDateTime at = from.withZoneSameInstant(zone);
    Duration left = duration;
    LocalDate day = at.toLocalDate();
    for (int walked = 0; walked <= MAX_DAYS_WALKED; walked++, day = day.plusDays(1)) {
      if (!isWorkingDay(calendar, day)) {
        continue;
      }
      for (OfficePeriod period : officeHours) {
        ZonedDateTime opens = day.atTime(period.start()).atZone(zone);
        ZonedDateTime closes = day.atTime(period.end()).atZone(zone);
        if (!closes.isAfter(at)) {
          continue;
        }
        ZonedDateTime start = opens.isAfter(at) ? opens : at;
        Duration open = Duration.between(start, closes);
        if (left.compareTo(open) <= 0) {
          return start.plus(left);
        }
        left = left.minus(open);
      }
    }
    throw new IllegalArgumentException("duration " + duration + " reaches beyond " + MAX_DAYS_WALKED + " days");
  }

  /**
   * Office time of working days in {@code [from, to)}: the inverse of {@link #addWorkingTime}, used
   * to place a share of a limit (预警 at two thirds of it, docs/adr/0008-supervision.md). Zero when
   * {@code to} is not after {@code from}.
   */
  public Duration workingTimeBetween(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    CalendarSnapshot calendar = state.snapshot();
    ZonedDateTime start = from.atZone(zone);
    ZonedDateTime end = to.atZone(zone);
    Duration total = Duration.ZERO;
    for (LocalDate day = start.toLocalDate(); !day.isAfter(end.toLocalDate()); day = day.plusDays(1)) {
      if (!isWorkingDay(calendar, day)) {
        continue;
      }
      for (OfficePeriod period : officeHours) {
        ZonedDateTime opens = day.atTime(period.start()).atZone(zone);
        ZonedDateTime closes = day.atTime(period.end()).atZone(zone);
        ZonedDateTime a = opens.isAfter(start) ? opens : start;
        ZonedDateTime b = closes.isBefore(end) ? closes : end;
        if (b.isAfter(a)) {
          total = total.plus(Duration.between(a, b));
        }
      }
    }
    return total;
  }

  /** {@link #addWorkingTime(ZonedDateTime, Duration)} for an instant. */
  public Instant addWorkingTime(Instant from, Duration duration) {
    return addWorkingTime(from.atZone(zone), duration).toInstant();
  }

  /**
   * The end of a time limit that starts at {@code from}: {@code PnD} is n working days, ending when
   * the office closes on the n-th working day after the day of {@code from}; {@code PTnHnM} is that
   * much office time ({@link #addWorkingTime}).
   */
  public ZonedDateTime endOfLimit(ZonedDateTime from, String limit) {
    Limit parsed = Limit.parse(limit);
    if (parsed.days() != null) {
      LocalDate last = addWorkingDays(from.withZoneSameInstant(zone).toLocalDate(), parsed.days());
      return last.atTime(officeHours.get(officeHours.size() - 1).end()).atZone(zone);
    }
    return addWorkingTime(from, parsed.officeTime());
  }

  /**
   * For task due and follow-up dates: the end of {@code limit} from now (Camunda's clock), e.g.
   * {@code camunda:dueDate="${workdays.due('P3D')}"}.
   */
  public Date due(String limit) {
    return Date.from(endOfLimit(ClockUtil.getCurrentTime().toInstant().atZone(zone), limit).toInstant());
  }

  /**
   * For BPMN timers ({@code <timeDuration>${workdays.timer('P3D')}</timeDuration>}): a description
   * that the engine's duration calendar resolves from the timer's creation time, so that
   * {@code ManagementService.recalculateJobDuedate(id, true)} moves it when the calendar changes.
   */
  public String timer(String limit) {
    Limit.parse(limit); // a wrong limit fails where it is written, not when the timer is due
    return TIMER_PREFIX + limit;
  }

  /** Years in {@code [from, to]} that are not loaded (counted with plain weekends). */
  public SortedSet<Integer> fallbackYearsBetween(LocalDate from, LocalDate to) {
    CalendarSnapshot calendar = state.snapshot();
    SortedSet<Integer> missing = new TreeSet<>();
    for (int year = Math.min(from.getYear(), to.getYear()); year <= Math.max(from.getYear(), to.getYear()); year++) {
      if (!calendar.isLoaded(year)) {
        missing.add(year);
      }
    }
    return missing;
  }

  private LocalDate nextWorkingDay(CalendarSnapshot calendar, LocalDate from) {
    LocalDate day = from;
    for (int walked = 0; walked <= MAX_DAYS_WALKED; walked++, day = day.plusDays(1)) {
      if (isWorkingDay(calendar, day)) {
        return day;
      }
    }
    throw new IllegalStateException("no working day within " + MAX_DAYS_WALKED + " days after " + from);
  }

  private boolean isWorkingDay(CalendarSnapshot calendar, LocalDate day) {
    if (calendar.isLoaded(day.getYear())) {
      Boolean offDay = calendar.listed(day);
      if (offDay != null) {
        return !offDay;
      }
    } else {
      state.usedFallback(day.getYear());
    }
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /** A time limit: whole working days ({@code PnD}) or office time ({@code PTnHnM}). */
  record Limit(Integer days, Duration officeTime) {

    private static final java.util.regex.Pattern WORKING_DAYS = java.util.regex.Pattern.compile("P(\\d{1,4})D");

    static Limit parse(String text) {
      if (text != null) {
        java.util.regex.Matcher days = WORKING_DAYS.matcher(text);
        if (days.matches()) {
          return new Limit(Integer.parseInt(days.group(1)), null);
        }
        if (text.startsWith("PT")) {
          try {
            Duration officeTime = Duration.parse(text);
            if (!officeTime.isNegative()) {
              return new Limit(null, officeTime);
            }
          } catch (DateTimeParseException e) {
            // reported below with the accepted forms
          }
        }
      }
      throw new IllegalArgumentException(
          "time limit '" + text + "' is neither working days (PnD, e.g. P3D) nor office time (PTnHnM, e.g. PT4H)");
    }
  }
}
