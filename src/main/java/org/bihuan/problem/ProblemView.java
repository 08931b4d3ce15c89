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
    List<CurrentTask> currentTasks,
    Integer satisfaction,
    boolean typicalCase,
    boolean bestPractice,
    Instant createdAt,
    Instant closedAt,
    Light light,
    boolean listed,
    Instant listedAt) {

  /**
   * An open task with its supervision (督办): the light, when it turns yellow, and which steps have
   * fired (催办 reminded, 督办 supervised, 挂牌督办 listed). {@code light} is null for a task that is
   * not supervised (it has no due date).
   */
  public record CurrentTask(
      String id,
      String name,
      String taskDefinitionKey,
      String processDefinitionKey,
      List<String> candidateGroups,
      String assignee,
      Instant created,
      Instant due,
      Light light,
      Instant warnAt,
      boolean reminded,
      boolean supervised,
      boolean listed) {

    static CurrentTask of(OpenTask t, TaskLights.TaskLight s) {
      return new CurrentTask(t.id(), t.name(), t.taskDefinitionKey(), t.processDefinitionKey(), t.candidateGroups(),
          t.assignee(), t.created(), t.due(), s == null ? null : s.light(), s == null ? null : s.warnAt(),
          s != null && s.reminded(), s != null && s.supervised(), s != null && s.listed());
    }
  }

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
      Instant closedAt,
      boolean listed) {

    static Summary of(ProblemRecord p) {
      return new Summary(
          p.key(), p.title(), p.stage(), p.stage().label(), p.actionNumber(), p.taskNumber(), p.reporterUnitCode(),
          p.resolutionDue(), p.createdAt(), p.closedAt(), p.listedAt() != null);
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
