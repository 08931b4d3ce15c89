package org.bihuan.calendar;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * Moves the due dates of open working-day timers when the calendar changes: each is resolved again
 * from its creation time ({@code recalculateJobDuedate(id, true)}), so a timer started before the
 * change ends where it would have ended had the corrected notice been known from the start.
 */
@Component
class TimerRecalculation {

  private static final int PAGE = 500;

  private final ManagementService management;

  TimerRecalculation(ManagementService management) {
    this.management = management;
  }

  /**
   * Recalculates the working-day timers that may be affected by a change of the days from
   * {@code firstChangedDay} on: a timer due before that day never counted a changed day.
   *
   * @return how many timers were recalculated
   */
  int recalculateFrom(LocalDate firstChangedDay, ZoneId zone) {
    Date since = Date.from(firstChangedDay.atStartOfDay(zone).toInstant());
    Map<String, Boolean> workingDayDefinitions = new HashMap<>();
    int recalculated = 0;
    for (int first = 0; ; first += PAGE) {
      List<Job> page = management.createJobQuery().timers().duedateHigherThan(since).orderByJobId().asc().listPage(first, PAGE);
      for (Job job : page) {
        if (job.getJobDefinitionId() != null
            && workingDayDefinitions.computeIfAbsent(job.getJobDefinitionId(), this::countsWorkingDays)) {
          management.recalculateJobDuedate(job.getId(), true);
          recalculated++;
        }
      }
      if (page.size() < PAGE) {
        return recalculated;
      }
    }
  }

  /** A timer counts working days when its definition was written with the {@code workdays} bean. */
  private boolean countsWorkingDays(String jobDefinitionId) {
    JobDefinition definition = management.createJobDefinitionQuery().jobDefinitionId(jobDefinitionId).singleResult();
    return definition != null && definition.getJobConfiguration() != null
        && definition.getJobConfiguration().contains("workdays");
  }
}
