package org.bihuan.calendar;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * One year of the State Council's notice on public holidays (国务院办公厅关于节假日安排的通知), in the
 * shape of {@code calendar/holidays-cn-2026.json}: only the days that differ from an ordinary week.
 *
 * @param source where the dates were taken from (the notice and its address)
 * @param note free text, may be {@code null}
 * @param days the listed days, sorted by date
 */
record CalendarYear(int year, String source, String note, List<SpecialDay> days) {

  /** 节假日 or 调休: a listed day; {@code offDay} true is a holiday, false an adjusted working day. */
  record SpecialDay(LocalDate date, String name, boolean offDay) {}

  CalendarYear {
    days = days.stream().sorted(Comparator.comparing(SpecialDay::date)).toList();
  }
}
