package org.bihuan.problem;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.bihuan.catalog.CatalogService;
import org.bihuan.security.Actor;
import org.bihuan.security.Actors;
import org.bihuan.security.ProblemAccess;
import org.bihuan.problem.ProblemView.CatalogLink;
import org.bihuan.problem.ProblemView.CurrentTask;
import org.bihuan.problem.ProblemView.Page;
import org.bihuan.problem.ProblemView.Summary;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Problems over HTTP, each caller seeing only what {@link ProblemAccess} allows. Filing starts the loop; the tasks of a problem are then completed through
 * Camunda's REST API ({@code /engine-rest/task/{id}/complete}) or Tasklist.
 */
@RestController
@RequestMapping("/api/problems")
class ProblemController {

  private final Problems problems;
  private final Policies policies;
  private final OpenTasks openTasks;
  private final CatalogService catalog;
  private final Actors actors;
  private final ProblemAccess access;
  private final TaskLights lights;

  ProblemController(Problems problems, Policies policies, OpenTasks openTasks, CatalogService catalog, Actors actors,
      ProblemAccess access, TaskLights lights) {
    this.lights = lights;
    this.problems = problems;
    this.policies = policies;
    this.openTasks = openTasks;
    this.catalog = catalog;
    this.actors = actors;
    this.access = access;
  }

  /** Files a problem for the caller's unit; the loop starts as the caller. */
  @PostMapping
  ResponseEntity<ProblemView> file(@Valid @RequestBody NewProblem problem) {
    Actor actor = actors.current();
    String unit = access.filingUnit(actor, problem.reporterUnit());
    NewProblem filed = new NewProblem(problem.title(), problem.description(), problem.actionNumber(),
        problem.taskNumber(), unit, problem.suggestedCategory(), problem.sourceRef());
    String key = problems.file(filed, "REST", actor.userId(), actor.groups());
    return ResponseEntity.created(URI.create("/api/problems/" + key)).body(view(key));
  }

  @GetMapping("/{key}")
  ProblemView get(@PathVariable String key) {
    access.readable(actors.current(), key);
    return view(key);
  }

  /** The listing counts up to this many problems; beyond, {@code total} says "more than". */
  static final int COUNT_LIMIT = 10_000;

  @GetMapping
  Page list(
      @RequestParam(required = false) Stage stage,
      @RequestParam(required = false) Integer action,
      @RequestParam(required = false) Integer task,
      @RequestParam(required = false) String unit,
      @RequestParam(required = false) Light light,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    ProblemFilter filter = new ProblemFilter(stage, action, task, unit, access.scopeOf(actors.current()), light);
    return Page.of(problems.list(filter, page, size).stream().map(Summary::of).toList(), page, size,
        problems.count(filter, COUNT_LIMIT), COUNT_LIMIT);
  }

  private ProblemView view(String key) {
    ProblemRecord p = problems.get(key);
    CatalogLink action =
        p.actionNumber() == null
            ? null
            : catalog.action(p.actionNumber())
                .map(a -> new CatalogLink(a.number(), a.title(), "/api/catalog/actions"))
                .orElse(null);
    CatalogLink task =
        p.taskNumber() == null
            ? null
            : catalog.task(p.taskNumber())
                .map(t -> new CatalogLink(t.number(), t.title(), "/api/catalog/tasks/" + t.number()))
                .orElse(null);
    Map<String, TaskLights.TaskLight> supervised = lights.of(key);
    List<CurrentTask> current =
        openTasks.of(key).stream().map(t -> CurrentTask.of(t, supervised.get(t.id()))).toList();
    Light light = current.stream().map(CurrentTask::light).filter(l -> l != null).max(Light::compareTo).orElse(null);
    return new ProblemView(
        p.key(), p.title(), p.description(), p.stage(), p.stage().label(), p.source(), action, task,
        p.reporterUnitCode(), p.reporterUser(), p.suggestedCategory(), p.category(), p.workingGroup(),
        p.analysisGroup(), p.possibleDuplicateOf(), p.mergedInto(), p.rejectReason(), problems.responsibleUnits(key),
        p.resolutionDue(), p.reworkCount(), policies.ofProblem(key), current, p.satisfaction(),
        p.typicalCase(), p.bestPractice(), p.createdAt(), p.closedAt(), light, p.listedAt() != null, p.listedAt());
  }
}
