package org.bihuan.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.impl.calendar.DurationBusinessCalendar;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The calculator on the shipped 2026 notice, without Spring or a database. */
class WorkingDaysTests {

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

  final CalendarState state = new CalendarState(() -> CalendarSnapshot.of(List.of(shipped2026())), Duration.ofDays(1));
  final WorkingDays workdays = new WorkingDays(state, properties());

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void countsAcrossNationalDayWeekWithItsAdjustedWorkingSaturday() {
    // Wed 30 Sep works, 1–7 Oct off, Thu 8 and Fri 9 work, Sat 10 Oct is 调休上班, Sun 11 off
    assertThat(workdays.addWorkingDays(date("2026-09-30"), 3)).isEqualTo(date("2026-10-10"));
    assertThat(workdays.addWorkingDays(date("2026-09-30"), 4)).isEqualTo(date("2026-10-12"));
    assertThat(workdays.isWorkingDay(date("2026-10-10"))).isTrue();
    assertThat(workdays.isWorkingDay(date("2026-10-05"))).isFalse();
    assertThat(workdays.workingDaysBetween(date("2026-09-30"), date("2026-10-10"))).isEqualTo(3);
    assertThat(workdays.workingDaysBetween(date("2026-10-10"), date("2026-09-30"))).isEqualTo(-3);
  }

  @Test
  void countsAcrossSpringFestivalWithItsAdjustedDays() {
    // Sat 14 Feb works, 15–23 Feb off, Sat 28 Feb works
    assertThat(workdays.addWorkingDays(date("2026-02-13"), 1)).isEqualTo(date("2026-02-14"));
    assertThat(workdays.addWorkingDays(date("2026-02-13"), 2)).isEqualTo(date("2026-02-24"));
    assertThat(workdays.addWorkingDays(date("2026-02-13"), 6)).isEqualTo(date("2026-02-28"));
    assertThat(workdays.addWorkingDays(date("2026-02-13"), 7)).isEqualTo(date("2026-03-02"));
    assertThat(workdays.workingDaysBetween(date("2026-02-14"), date("2026-03-02"))).isEqualTo(6);
  }

  @Test
  void aRestDayStartCountsFromTheNextWorkingDay() {
    assertThat(workdays.addWorkingDays(date("2026-10-03"), 0)).isEqualTo(date("2026-10-08"));
    assertThat(workdays.addWorkingDays(date("2026-10-03"), 1)).isEqualTo(date("2026-10-09"));
    assertThat(workdays.addWorkingDays(date("2026-10-03"), 3)).isEqualTo(date("2026-10-12"));
    // New Year: 1–3 Jan off, Sunday 4 Jan 调休上班
    assertThat(workdays.addWorkingDays(date("2026-01-01"), 0)).isEqualTo(date("2026-01-04"));
  }

  @Test
  void betweenIsTheInverseOfAddForEveryStartOfTheYear() {
    for (LocalDate day = date("2026-01-01"); day.getYear() == 2026; day = day.plusDays(1)) {
      for (int n : new int[] {0, 1, 3, 15}) {
        LocalDate end = workdays.addWorkingDays(day, n);
        if (end.getYear() == 2026) {
          assertThat(workdays.workingDaysBetween(day, end)).as("%s + %d", day, n).isEqualTo(n);
        }
      }
    }
  }

  @Test
  void zeroDaysFromAWorkingDayIsThatDay() {
    assertThat(workdays.addWorkingDays(date("2026-09-30"), 0)).isEqualTo(date("2026-09-30"));
    assertThat(workdays.workingDaysBetween(date("2026-09-30"), date("2026-09-30"))).isZero();
  }

  @Test
  void refusesNegativeDays() {
    assertThatThrownBy(() -> workdays.addWorkingDays(date("2026-09-30"), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> workdays.addWorkingTime(at("2026-09-30T10:00"), Duration.ofHours(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsAYearThatIsNotLoadedWithPlainWeekendsAndSaysSo() {
    // 1 Jan 2027 is a Friday; without the 2027 notice it is an ordinary working day
    assertThat(workdays.addWorkingDays(date("2027-01-01"), 0)).isEqualTo(date("2027-01-01"));
    assertThat(workdays.addWorkingDays(date("2026-12-31"), 2)).isEqualTo(date("2027-01-04"));

    assertThat(state.fallbackYears()).containsExactly(2027);
    assertThat(workdays.fallbackYearsBetween(date("2026-12-31"), date("2027-01-04"))).containsExactly(2027);
  }

  @Test
  void addsOfficeTimeOnlyWithinOfficeHoursOfWorkingDays() {
    // 2 h left on Wed 30 Sep, the other 2 h after National Day
    assertThat(workdays.addWorkingTime(at("2026-09-30T16:00"), Duration.ofHours(4))).isEqualTo(at("2026-10-08T11:00"));
    // one working day of office time (7 h) from Friday 17:00 ends on the adjusted working Saturday
    assertThat(workdays.addWorkingTime(at("2026-10-09T17:00"), Duration.ofHours(7))).isEqualTo(at("2026-10-10T17:00"));
    assertThat(workdays.addWorkingTime(at("2026-10-03T10:00"), Duration.ofHours(1))).isEqualTo(at("2026-10-08T10:00"));
    assertThat(workdays.addWorkingTime(at("2026-09-30T12:30"), Duration.ofHours(1))).isEqualTo(at("2026-09-30T15:00"));
    assertThat(workdays.addWorkingTime(at("2026-09-30T20:00"), Duration.ZERO)).isEqualTo(at("2026-10-08T09:00"));
    assertThat(workdays.addWorkingTime(at("2026-09-30T16:00").toInstant(), Duration.ofHours(4)))
        .isEqualTo(at("2026-10-08T11:00").toInstant());
  }

  @Test
  void aLimitInWorkingDaysEndsWhenTheOfficeClosesOnItsLastDay() {
    ClockUtil.setCurrentTime(Date.from(at("2026-09-30T10:00").toInstant()));

    assertThat(workdays.due("P3D")).isEqualTo(Date.from(at("2026-10-10T18:00").toInstant()));
    assertThat(workdays.due("P0D")).isEqualTo(Date.from(at("2026-09-30T18:00").toInstant()));
    assertThat(workdays.due("PT4H")).isEqualTo(Date.from(at("2026-09-30T16:00").toInstant()));
  }

  @Test
  void timerDescriptionsAreCheckedWhereTheyAreWritten() {
    assertThat(workdays.timer("P3D")).isEqualTo("workdays:P3D");
    assertThat(workdays.timer("PT8H")).isEqualTo("workdays:PT8H");
    for (String wrong : new String[] {"P1W", "P1M", "-P1D", "PT-1H", "3", "", "P3DT1H"}) {
      assertThatThrownBy(() -> workdays.timer(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PnD");
    }
  }

  @Test
  void theEngineCalendarCountsWorkingDaysFromTheTimersStartAndLeavesOtherDurationsAlone() {
    WorkingDayBusinessCalendar calendar = new WorkingDayBusinessCalendar(new DurationBusinessCalendar(), workdays);
    Date created = Date.from(at("2026-09-30T10:00").toInstant());

    assertThat(calendar.resolveDuedate("workdays:P3D", created)).isEqualTo(Date.from(at("2026-10-10T18:00").toInstant()));
    assertThat(calendar.resolveDuedate("PT5M", created)).isEqualTo(new Date(created.getTime() + 300_000));
  }

  @Test
  void refusesOfficeHoursThatAreNotAscendingPeriods() {
    for (String wrong : new String[] {"09:00", "12:00-09:00", "9-12", "09:00-12:00,11:00-13:00"}) {
      assertThatThrownBy(() -> new CalendarProperties(BEIJING, List.of(wrong.split(",")), List.of(), Duration.ofMinutes(1)))
          .as(wrong).hasMessageContaining("bihuan.calendar.office-hours");
    }
  }

  // ---------------------------------------------------------------------------------------------

  static CalendarProperties properties() {
    return new CalendarProperties(BEIJING, List.of("09:00-12:00", "14:00-18:00"), List.of(), Duration.ofMinutes(1));
  }

  static CalendarYear shipped2026() {
    try (InputStream in = new ClassPathResource("calendar/holidays-cn-2026.json").getInputStream()) {
      CalendarFiles.Reading reading = CalendarFiles.read(new ObjectMapper().readTree(in));
      assertThat(reading.errors()).isEmpty();
      return reading.year();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static LocalDate date(String text) {
    return LocalDate.parse(text);
  }

  private static ZonedDateTime at(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(BEIJING);
  }
}
