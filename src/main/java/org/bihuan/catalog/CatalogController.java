package org.bihuan.catalog;

import java.util.List;
import org.bihuan.catalog.Catalog.Action;
import org.bihuan.catalog.Catalog.Target;
import org.bihuan.catalog.Catalog.Task;
import org.bihuan.catalog.Catalog.Unit;
import org.bihuan.catalog.CatalogService.ImportReport;
import org.bihuan.platform.ApiProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The catalogue over HTTP: actions, tasks, units, targets, and plan import. */
@RestController
@RequestMapping("/api/catalog")
class CatalogController {

  /** Plan texts are a few hundred KiB at most; anything larger is not a plan. */
  static final int MAX_PLAN_CHARS = 1_000_000;

  private final CatalogService catalog;

  CatalogController(CatalogService catalog) {
    this.catalog = catalog;
  }

  @GetMapping("/actions")
  List<Action> actions() {
    return catalog.actions();
  }

  @GetMapping("/tasks/{number}")
  Task task(@PathVariable int number) {
    return catalog
        .task(number)
        .orElseThrow(
            () -> ApiProblems.notFound("task-not-found", "未找到重点任务 " + number, "task " + number + " not found"));
  }

  @GetMapping("/units")
  List<Unit> units() {
    return catalog.units();
  }

  @GetMapping("/targets")
  List<Target> targets() {
    return catalog.targets();
  }

  /**
   * Imports a plan text ({@code text/plain}, UTF-8). With {@code dryRun=true} nothing is stored.
   * A text with errors is refused whole with 422 and the list of problems (with line numbers).
   */
  @PostMapping(value = "/import", consumes = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<?> importPlan(@RequestBody String text, @RequestParam(defaultValue = "false") boolean dryRun) {
    if (text.length() > MAX_PLAN_CHARS) {
      throw ApiProblems.unprocessable(
          "plan-too-large",
          "计划文本超过 " + MAX_PLAN_CHARS + " 个字符",
          "plan text exceeds " + MAX_PLAN_CHARS + " characters");
    }
    ImportReport report = catalog.importPlan(text, dryRun);
    if (report.hasErrors()) {
      ProblemDetail detail =
          ApiProblems.detail(
              HttpStatus.UNPROCESSABLE_ENTITY,
              "plan-invalid",
              "计划文本有误 / Plan text has errors",
              "计划文本有 " + report.problems().size() + " 处问题，未导入",
              "the plan text has " + report.problems().size() + " problem(s); nothing was imported");
      detail.setProperty("problems", report.problems());
      return ResponseEntity.unprocessableEntity().body(detail);
    }
    return ResponseEntity.ok(report);
  }
}
