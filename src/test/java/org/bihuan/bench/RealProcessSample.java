package org.bihuan.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bihuan.catalog.Catalog.Task;
import org.bihuan.catalog.Catalog.Unit;
import org.bihuan.catalog.CatalogService;
import org.bihuan.catalog.UnitKind;
import org.bihuan.identity.Groups;
import org.bihuan.problem.Category;
import org.bihuan.problem.NewProblem;
import org.bihuan.problem.Problems;
import org.bihuan.support.LoopDriver;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Problems pushed through the real process (filed through {@link Problems#file}, every task
 * claimed and completed by a demo user of its candidate group through the engine's task service,
 * like {@code EventsIT}/{@code LoopDriver}): the open problems and tasks of the API benchmark and
 * the reference the bulk-loaded history ({@link HistorySeeder}) is compared with.
 *
 * <p>Mix (by index, deterministic for a seed): 15 % stay in TRIAGE, 10 % are rejected at triage, 15 %
 * stay in ANALYSIS, 25 % stay in RESOLUTION, 35 % go all the way to CLOSED. The task comes from
 * the catalogue at random; the reporter is a random non-collective unit; the lead unit is one of
 * the task's lead units (or {@code favouredUnit} for every third problem, so that the unit whose
 * task query is measured has open resolution tasks); a quarter get a co-handling unit.
 */
final class RealProcessSample {

  enum Target { TRIAGE, REJECTED, ANALYSIS, RESOLUTION, CLOSED }

  record Filed(String key, Target target) {}

  private final Problems problems;
  private final LoopDriver loop;
  private final TransactionTemplate tx;
  private final List<Task> tasks = new ArrayList<>();
  private final List<Unit> units;
  private final String favouredUnit;

  RealProcessSample(ApplicationContext app, String favouredUnit) {
    this.problems = app.getBean(Problems.class);
    this.loop = app.getBean(LoopDriver.class);
    this.tx = app.getBean(TransactionTemplate.class);
    CatalogService catalog = app.getBean(CatalogService.class);
    for (int n = 1; n <= 1000; n++) {
      catalog.task(n).ifPresent(tasks::add);
    }
    this.units = catalog.units().stream().filter(u -> u.kind() != UnitKind.COLLECTIVE).toList();
    this.favouredUnit = favouredUnit;
  }

  static Target targetOf(int i) {
    int p = Math.floorMod(i * 37 + 11, 100); // spread the targets over the index
    if (p < 15) return Target.TRIAGE;
    if (p < 25) return Target.REJECTED;
    if (p < 40) return Target.ANALYSIS;
    if (p < 65) return Target.RESOLUTION;
    return Target.CLOSED;
  }

  /** Files {@code count} problems and walks each to its target stage, on {@code threads} threads. */
  List<Filed> run(int count, int threads, long seed) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Filed>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> walk(index, new Random(seed * 1_000_003L + index))));
      }
      List<Filed> filed = new ArrayList<>();
      for (Future<Filed> f : futures) {
        filed.add(f.get());
      }
      return filed;
    } finally {
      pool.shutdown();
    }
  }

  private Filed walk(int index, Random random) {
    Target target = targetOf(index);
    Task task = tasks.get(random.nextInt(tasks.size()));
    String reporter = units.get(random.nextInt(units.size())).code();
    String title = "样本问题 " + index + "：" + task.title();
    String key = tx.execute(s -> problems.file(
        new NewProblem(title, "基准测试样本：重点任务“" + task.title() + "”推进中遇到的问题（第 " + index + " 号）。", null,
            task.number(), reporter, Category.values()[random.nextInt(Category.values().length)], null),
        "REST", reporter, List.of(Groups.unit(reporter))));
    if (target == Target.TRIAGE) {
      return new Filed(key, target);
    }
    String wg = LoopDriver.userOf(Groups.workingGroup(task.actionNumber()));
    if (target == Target.REJECTED) {
      loop.complete(wg, key, "userTask_triage", Map.of("triageDecision", "REJECT", "rejectReason", "不属于本专项职责"));
      return new Filed(key, target);
    }
    loop.complete(wg, key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    if (target == Target.ANALYSIS) {
      return new Filed(key, target);
    }
    String lead = index % 3 == 0 || task.leadUnits().isEmpty() ? favouredUnit
        : task.leadUnits().get(random.nextInt(task.leadUnits().size())).code();
    List<String> co = new ArrayList<>();
    if (random.nextInt(4) == 0) {
      String other = units.get(random.nextInt(units.size())).code();
      if (!other.equals(lead)) {
        co.add(other);
      }
    }
    String analyst = LoopDriver.userOf(loop.candidateGroups(key, "userTask_analyse").get(0));
    Map<String, Object> analysis = new HashMap<>();
    analysis.put("rootCause", "审批环节多、协调不畅");
    analysis.put("category", "EXECUTION");
    analysis.put("leadUnit", lead);
    analysis.put("coUnits", co);
    analysis.put("measures", "建立专班周调度");
    analysis.put("resolutionDeadline", LocalDate.now().plusDays(30).toString());
    analysis.put("needsPolicy", false);
    loop.complete(analyst, key, "userTask_analyse", analysis);
    if (target == Target.RESOLUTION) {
      return new Filed(key, target);
    }
    List<String> resolving = new ArrayList<>(List.of(lead));
    resolving.addAll(co);
    for (String unit : resolving) {
      loop.signFor(unit, key);
      loop.complete(unit, key, "userTask_resolve", Map.of("actionsTaken", "已按计划办理", "outcome", "RESOLVED"));
    }
    loop.complete(wg, key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    Map<String, Object> closure = new LinkedHashMap<>();
    closure.put("satisfaction", String.valueOf(3 + random.nextInt(3)));
    closure.put("lessons", "提前协调");
    closure.put("typicalCase", random.nextInt(10) == 0);
    loop.complete(wg, key, "userTask_close", closure);
    return new Filed(key, target);
  }
}
