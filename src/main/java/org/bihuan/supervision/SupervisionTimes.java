package org.bihuan.supervision;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bihuan.calendar.WorkingDays;

/**
 * The instants of a task's supervision: created, 预警 (warnAt), limit (dueAt) and 挂牌督办 (listAt).
 * warnAt is the warning share of the office time between creation and the limit, counted from the
 * creation in office time, to the minute; listAt is the end of the N-th working day after the limit.
 */
record SupervisionTimes(Instant created, Instant warnAt, Instant dueAt, Instant listAt) {

  static SupervisionTimes of(WorkingDays workdays, SupervisionProperties properties, Instant created, Instant due) {
    Duration limit = workdays.workingTimeBetween(created, due);
    Duration warning = Duration.ofMillis((long) (limit.toMillis() * properties.warningShare()));
    Instant warnAt = workdays.addWorkingTime(created, warning).truncatedTo(ChronoUnit.MINUTES);
    if (warnAt.isAfter(due)) {
      warnAt = due;
    }
    Instant listAt = workdays.endOfLimit(due.atZone(java.time.ZoneOffset.UTC), "P" + properties.listingAfterDays() + "D")
        .toInstant();
    return new SupervisionTimes(created, warnAt, due, listAt);
  }
}
