package org.bihuan.calendar;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The calendar as one node knows it at one moment: the loaded years and their listed days.
 * Immutable, so a calculation never sees half of a change.
 *
 * @param years the loaded years
 * @param listedDays the listed days of those years: {@code true} a rest day, {@code false} an adjusted working day
 */
record CalendarSnapshot(SortedSet<Integer> years, Map<LocalDate, Boolean> listedDays) {

  static final CalendarSnapshot EMPTY = new CalendarSnapshot(new TreeSet<>(), Map.of());

  CalendarSnapshot {
    years = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(years));
    listedDays = Map.copyOf(listedDays);
  }

  static CalendarSnapshot of(Iterable<CalendarYear> loaded) {
    SortedSet<Integer> years = new TreeSet<>();
    Map<LocalDate, Boolean> days = new java.util.HashMap<>();
    for (CalendarYear year : loaded) {
      years.add(year.year());
      year.days().forEach(day -> days.put(day.date(), day.offDay()));
    }
    return new CalendarSnapshot(years, days);
  }

  boolean isLoaded(int year) {
    return years.contains(year);
  }

  /** The listed rest-day flag of a day of a loaded year, {@code null} when the day follows the ordinary week. */
  Boolean listed(LocalDate day) {
    return listedDays.get(day);
  }

  Set<Integer> loadedYears() {
    return years;
  }
}
