package org.bihuan.calendar;

import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of the calendar. It is re-read from the database when it is older than the
 * refresh interval (another node may have loaded a year) and at once after a change on this node.
 * A change in progress is seen by its own thread only, until it commits.
 */
class CalendarState {

  private static final Logger log = LoggerFactory.getLogger(CalendarState.class);

  private final Supplier<CalendarSnapshot> reader;
  private final long refreshNanos;
  private final ThreadLocal<CalendarSnapshot> pending = new ThreadLocal<>();
  private final Set<Integer> fallbackYears = new ConcurrentSkipListSet<>();
  private volatile CalendarSnapshot current;
  private volatile long readAt;

  CalendarState(Supplier<CalendarSnapshot> reader, Duration refreshInterval) {
    this.reader = reader;
    this.refreshNanos = refreshInterval.toNanos();
  }

  /** The calendar to count with: the change in progress on this thread, else this node's copy. */
  CalendarSnapshot snapshot() {
    CalendarSnapshot inProgress = pending.get();
    if (inProgress != null) {
      return inProgress;
    }
    CalendarSnapshot known = current;
    if (known == null || System.nanoTime() - readAt > refreshNanos) {
      known = refresh();
    }
    return known;
  }

  /** Re-reads the calendar from the database now. */
  synchronized CalendarSnapshot refresh() {
    CalendarSnapshot read = reader.get();
    current = read;
    readAt = System.nanoTime();
    fallbackYears.removeAll(read.loadedYears());
    return read;
  }

  /** Forgets this node's copy: the next calculation reads the calendar again (after a change commits or rolls back). */
  void invalidate() {
    current = null;
  }

  /** Runs {@code work} on this thread with a calendar that is not committed yet. */
  void during(CalendarSnapshot inProgress, Runnable work) {
    CalendarSnapshot before = pending.get();
    pending.set(inProgress);
    try {
      work.run();
    } finally {
      if (before == null) {
        pending.remove();
      } else {
        pending.set(before);
      }
    }
  }

  /** Records that a day of a year that is not loaded was counted with plain weekends; warns once per year. */
  void usedFallback(int year) {
    if (fallbackYears.add(year)) {
      log.warn("Working-day calendar: year {} is not loaded; counting it with plain weekends (no public holidays, "
          + "no adjusted working days). Load the State Council's notice: POST /api/calendar/years", year);
    }
  }

  /** Years counted with plain weekends since they were last seen not loaded. */
  SortedSet<Integer> fallbackYears() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(fallbackYears));
  }
}
