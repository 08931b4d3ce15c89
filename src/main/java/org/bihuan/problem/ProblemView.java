package org.bihuan.problem;

import java.time.Instant;
import java.util.List;
import org.bihuan.problem.OpenTasks.OpenTask;
import org.bihuan.problem.Policies.PolicyRecord;
import org.bihuan.problem.ProblemDetails.ResponsibleUnit;

/** A problem as {@code GET /api/problems/{key}} shows it: stage, current tasks, deadlines, links. */
public record ProblemView(
    String key,
    String title,
    String description,
    Stage stage,
    String stageLabel,
    String source,
    CatalogLink action,
    CatalogLink task,
    String reporterUnit,
    String reporterUser,
    String suggestedCategory,
    String category,
    String workingGroup,
    String analysisGroup,
    String possibleDuplicateOf,
    String mergedInto,
    String rejectReason,
    List<ResponsibleUnit> responsibleUnits,
    Instant resolutionDue,
    int reworkCount,
    List<PolicyRecord> policies,
    List<OpenTask> currentTasks,
    Integer satisfaction,
    boolean typicalCase,
    boolean bestPractice,
    Instant createdAt,
    Instant closedAt) {

  /** A link into the catalogue: number, title and the API address. */
  public record CatalogLink(int number, String title, String href) {}

  /** One line of the listing. */
  public record Summary(
      String key,
      String title,
      Stage stage,
      String stageLabel,
      Integer actionNumber,
      Integer taskNumber,
      String reporterUnit,
      Instant resolutionDue,
      Instant createdAt,
      Instant closedAt) {

    static Summary of(ProblemRecord p) {
      return new Summary(
          p.key(), p.title(), p.stage(), p.stage().label(), p.actionNumber(), p.taskNumber(), p.reporterUnitCode(),
          p.resolutionDue(), p.createdAt(), p.closedAt());
    }
  }

  /** A page of the listing. */
  /**
   * A page of the listing. {@code total} is exact when {@code totalExact}; otherwise there are more
   * than {@code total} problems (the count stops there, so it costs the same whatever the history).
   */
  public record Page(List<Summary> items, int page, int size, long total, boolean totalExact) {

    public static Page of(List<Summary> items, int page, int size, long counted, int limit) {
      return new Page(items, page, size, Math.min(counted, limit), counted <= limit);
    }
  }
}
