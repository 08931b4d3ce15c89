package org.bihuan.calendar;

import java.util.Date;
import org.camunda.bpm.engine.impl.calendar.BusinessCalendar;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;

/**
 * Camunda's duration calendar, taught working days: a timer description {@code workdays:P3D}
 * (written {@code ${workdays.timer('P3D')}} in the models) ends at the end of that limit from the
 * timer's start, counted by {@link WorkingDays}; every other description goes to the engine's own
 * calendar unchanged. Because the engine hands the timer's creation time to
 * {@link #resolveDuedate(String, Date)}, {@code recalculateJobDuedate(id, true)} counts again from
 * the same start.
 */
class WorkingDayBusinessCalendar implements BusinessCalendar {

  private final BusinessCalendar engineDefault;
  private final WorkingDays workdays;

  WorkingDayBusinessCalendar(BusinessCalendar engineDefault, WorkingDays workdays) {
    this.engineDefault = engineDefault;
    this.workdays = workdays;
  }

  @Override
  public Date resolveDuedate(String description) {
    return resolveDuedate(description, ClockUtil.getCurrentTime());
  }

  @Override
  public Date resolveDuedate(String description, Date start) {
    if (description != null && description.startsWith(WorkingDays.TIMER_PREFIX)) {
      Date from = start != null ? start : ClockUtil.getCurrentTime();
      String limit = description.substring(WorkingDays.TIMER_PREFIX.length());
      return Date.from(workdays.endOfLimit(from.toInstant().atZone(java.time.ZoneOffset.UTC), limit).toInstant());
    }
    return engineDefault.resolveDuedate(description, start);
  }

  @Override
  public Date resolveDuedate(String description, Task task) {
    if (description != null && description.startsWith(WorkingDays.TIMER_PREFIX)) {
      return resolveDuedate(description, ClockUtil.getCurrentTime());
    }
    return engineDefault.resolveDuedate(description, task);
  }
}
