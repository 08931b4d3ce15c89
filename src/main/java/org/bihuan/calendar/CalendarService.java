package org.bihuan.calendar;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.bihuan.calendar.CalendarRepository.LoadedYear;
import org.bihuan.calendar.CalendarYear.SpecialDay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Loads and replaces years of the calendar. A change and the recalculation of the open timers it
 * affects are one transaction: either the calendar and every due date change, or nothing does.
 */
@Service
class CalendarService {

  private static final Logger log = LoggerFactory.getLogger(CalendarService.class);

  /** What a load did. */
  enum Outcome { CREATED, UNCHANGED, REPLACED }

  /** The answer to a load: what happened to which year, and how many open timers moved with it. */
  record LoadResult(int year, Outcome outcome, int recalculatedTimers) {}

  /** A year is loaded with other days; replacing it is a deliberate act (PUT), never a side effect of POST. */
  static final class YearAlreadyLoaded extends RuntimeException {
    final int year;

    YearAlreadyLoaded(int year) {
      super("year " + year + " is already loaded with different content");
      this.year = year;
    }
  }

  private final CalendarRepository repository;
  private final CalendarState state;
  private final TimerRecalculation timers;
  private final CalendarProperties properties;

  CalendarService(CalendarRepository repository, CalendarState state, TimerRecalculation timers, CalendarProperties properties) {
    this.repository = repository;
    this.state = state;
    this.timers = timers;
    this.properties = properties;
  }

  List<LoadedYear> loadedYears() {
    return repository.loadedYears();
  }

  Optional<CalendarYear> year(int year) {
    return repository.find(year);
  }

  /** Loads a year that is absent; the same content again changes nothing; other content is refused. */
  @Transactional
  LoadResult add(CalendarYear year, String loadedBy) {
    if (repository.insertIfAbsent(year, loadedBy)) {
      return changed(year, Outcome.CREATED, year.days(), loadedBy);
    }
    CalendarYear existing = repository.lockYear(year.year()).orElseThrow();
    if (existing.equals(year)) {
      return new LoadResult(year.year(), Outcome.UNCHANGED, 0);
    }
    throw new YearAlreadyLoaded(year.year());
  }

  /** Loads a year, replacing what was loaded for it (a corrected notice); the same content changes nothing. */
  @Transactional
  LoadResult put(CalendarYear year, String loadedBy) {
    Optional<CalendarYear> existing = repository.lockYear(year.year());
    if (existing.isEmpty()) {
      return add(year, loadedBy);
    }
    if (existing.get().equals(year)) {
      return new LoadResult(year.year(), Outcome.UNCHANGED, 0);
    }
    repository.replace(year, loadedBy);
    List<SpecialDay> changedDays = new java.util.ArrayList<>(existing.get().days());
    changedDays.addAll(year.days());
    changedDays.removeIf(day -> existing.get().days().contains(day) && year.days().contains(day));
    return changed(year, Outcome.REPLACED, changedDays, loadedBy);
  }

  /** Start-up: loads a shipped notice when its year is absent (several nodes may start at once). */
  @Transactional
  Optional<LoadResult> loadIfAbsent(CalendarYear year, String loadedBy) {
    if (!repository.insertIfAbsent(year, loadedBy)) {
      return Optional.empty();
    }
    return Optional.of(changed(year, Outcome.CREATED, year.days(), loadedBy));
  }

  /**
   * After the rows changed in this transaction: counts the affected timers again with the new
   * calendar (seen by this thread only until commit) and lets every thread see it after commit.
   * A year newly loaded may differ from plain weekends anywhere in it, a replaced one only on its
   * changed days.
   */
  private LoadResult changed(CalendarYear year, Outcome outcome, List<SpecialDay> changedDays, String loadedBy) {
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        state.invalidate();
      }
    });
    Optional<LocalDate> firstChanged = outcome == Outcome.CREATED
        ? Optional.of(LocalDate.of(year.year(), 1, 1))
        : changedDays.stream().map(SpecialDay::date).min(LocalDate::compareTo);
    int[] recalculated = new int[1];
    firstChanged.ifPresent(day ->
        state.during(repository.snapshot(), () -> recalculated[0] = timers.recalculateFrom(day, properties.zone())));
    log.info("Working-day calendar: year {} {} by {} ({} listed days, from {}); {} open timers recalculated",
        year.year(), outcome.name().toLowerCase(java.util.Locale.ROOT), loadedBy, year.days().size(), year.source(),
        recalculated[0]);
    return new LoadResult(year.year(), outcome, recalculated[0]);
  }
}
