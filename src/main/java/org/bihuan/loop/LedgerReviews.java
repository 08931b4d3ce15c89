package org.bihuan.loop;

import java.time.LocalDate;
import java.util.Date;
import org.bihuan.calendar.WorkingDays;
import org.bihuan.problem.Problems;
import org.springframework.stereotype.Component;

/** When a ledger review comes back: the start of the review date, or of the next working day. */
@Component
class LedgerReviews {

  private final WorkingDays workdays;

  LedgerReviews(WorkingDays workdays) {
    this.workdays = workdays;
  }

  Date reviewAt(LocalDate reviewOn) {
    return Date.from(workdays.addWorkingDays(reviewOn, 0).atStartOfDay(Problems.ZONE).toInstant());
  }
}
