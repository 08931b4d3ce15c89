package org.bihuan.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bihuan.catalog.Catalog.Action;
import org.bihuan.catalog.Catalog.Target;
import org.bihuan.catalog.Catalog.Task;
import org.bihuan.catalog.Catalog.Unit;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.transaction.annotation.Transactional;

/** The catalogue (清单): imports plan texts and answers questions about actions, tasks and units. */
@Service
public class CatalogService {

  private final CatalogRepository repository;
  private final PlanParser parser;
  private final ApplicationEventPublisher events;

  CatalogService(CatalogRepository repository, CatalogProperties properties, ApplicationEventPublisher events) {
    this.repository = repository;
    this.parser = new PlanParser(new UnitNormalizer(properties.unitAliases()));
    this.events = events;
  }

  /**
   * Parses a plan text and, unless {@code dryRun} or the text has errors, loads it into the
   * catalogue in one transaction (all or nothing). Units keep their codes across imports.
   */
  @Transactional
  @CacheEvict(cacheNames = {CatalogCaching.UNITS, CatalogCaching.TASKS, CatalogCaching.ACTIONS, CatalogCaching.TARGETS},
      allEntries = true)
  public ImportReport importPlan(String text, boolean dryRun) {
    PlanParseResult result = parser.parse(text);
    if (dryRun || result.hasErrors()) {
      return new ImportReport(result.plan(), result.problems(), false);
    }
    ParsedPlan plan = result.plan();
    Map<String, String> codes = repository.unitCodesByName();
    UnitCodes allocator = new UnitCodes(codes.values());
    for (ParsedUnit unit : plan.units()) {
      if (!codes.containsKey(unit.name())) {
        String code = allocator.allocate(unit.name());
        repository.insertUnit(code, unit.name(), unit.kind());
        codes.put(unit.name(), code);
      }
    }
    repository.insertPlan(plan, sha256(text));
    plan.actions().forEach(a -> repository.upsertAction(a, codes.get(a.leadUnit())));
    for (ParsedTask task : plan.tasks()) {
      repository.upsertTask(task);
      int position = 0;
      for (String lead : task.leadUnits()) {
        repository.insertTaskUnit(task.number(), codes.get(lead), "LEAD", position++);
      }
      for (String responsible : task.responsibleUnits()) {
        repository.insertTaskUnit(task.number(), codes.get(responsible), "RESPONSIBLE", position++);
      }
    }
    plan.targets().forEach(repository::upsertTarget);
    events.publishEvent(new CatalogImported(repository.findActions(), repository.findUnits()));
    return new ImportReport(plan, result.problems(), true);
  }

  public boolean isEmpty() {
    return repository.isEmpty();
  }

  public List<Action> actions() {
    return repository.findActions();
  }

  @Cacheable(CatalogCaching.ACTIONS)
  public Optional<Action> action(int number) {
    return repository.findAction(number);
  }

  @Cacheable(CatalogCaching.TASKS)
  public Optional<Task> task(int number) {
    return repository.findTask(number);
  }

  public List<Unit> units() {
    return repository.findUnits();
  }

  @Cacheable(CatalogCaching.UNITS)
  public Optional<Unit> unit(String code) {
    return repository.findUnit(code);
  }

  @Cacheable(CatalogCaching.TARGETS)
  public List<Target> targets() {
    return repository.findTargets();
  }

  /** Outcome of an import: the parsed catalogue, what the parser reported, whether it was loaded. */
  public record ImportReport(ParsedPlan plan, List<PlanProblem> problems, boolean applied) {

    public boolean hasErrors() {
      return problems.stream().anyMatch(p -> p.severity() == PlanProblem.Severity.ERROR);
    }
  }

  /** Published after a plan was loaded; identity and routing follow the catalogue. */
  public record CatalogImported(List<Action> actions, List<Unit> units) {}

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
