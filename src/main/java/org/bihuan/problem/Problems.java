package org.bihuan.problem;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bihuan.catalog.Catalog.Task;
import org.bihuan.catalog.CatalogService;
import org.bihuan.identity.Groups;
import org.bihuan.problem.ProblemDetails.ResolutionReport;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The use cases of the loop. Each runs in the caller's transaction (the engine command that
 * completes a task, or the REST request), so a refused step leaves nothing behind.
 */
@Service
@Transactional
public class Problems {

  /** Business keys and years follow the government's calendar. */
  /** Source of problems filed by a unit's system through Kafka (the event gateway authorises it). */
  public static final String SOURCE_EVENT = "EVENT";

  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private final ProblemRepository repository;
  private final LifecycleLog lifecycle;
  private final CatalogService catalog;
  private final ApplicationEventPublisher events;

  Problems(ProblemRepository repository, LifecycleLog lifecycle, CatalogService catalog, ApplicationEventPublisher events) {
    this.repository = repository;
    this.lifecycle = lifecycle;
    this.catalog = catalog;
    this.events = events;
  }

  /**
   * Files a problem from outside Tasklist (REST, events); its process instance starts in the same
   * transaction as {@code actor} with {@code actorGroups}.
   */
  public String file(NewProblem problem, String source, String actor, List<String> actorGroups) {
    if (problem.reporterUnit() == null || catalog.unit(problem.reporterUnit()).isEmpty()) {
      throw new ProblemRuleViolation(
          "unknown-unit", "未知的上报单位：" + problem.reporterUnit(), "unknown reporter unit: " + problem.reporterUnit());
    }
    String key = insert(problem, source, actor);
    events.publishEvent(new ProblemFiled(key, actor, actorGroups, SOURCE_EVENT.equals(source)));
    return key;
  }

  /** 发现问题 by an indicator: filed for the reporting unit and linked to the indicator and period. */
  public String fileForIndicator(NewProblem problem, String indicatorCode, String period, String actor, List<String> actorGroups) {
    String key = insert(problem, "INDICATOR", actor);
    repository.update(key, "indicator_code = ?, indicator_period = ?", indicatorCode, period);
    events.publishEvent(new ProblemFiled(key, actor, actorGroups, true));
    return key;
  }

  /** The open problem opened for an indicator in a period, if any. */
  public Optional<String> openProblemOfIndicator(String indicatorCode, String period) {
    return repository.openProblemOfIndicator(indicatorCode, period);
  }

  public void addNote(String key, String kind, String text, String actor) {
    repository.insertNote(key, kind, text, actor);
  }

  /** Registers a problem filed through the Tasklist start form, by a user of {@code reporterUnit}. */
  public String fileFromForm(NewProblem problem, String actor) {
    if (problem.title() == null || problem.title().isBlank()) {
      throw new ProblemRuleViolation("invalid-problem", "标题不能为空", "title must not be blank");
    }
    if (problem.description() == null || problem.description().isBlank()) {
      throw new ProblemRuleViolation("invalid-problem", "问题描述不能为空", "description must not be blank");
    }
    return insert(problem, "FORM", actor);
  }

  private String insert(NewProblem problem, String source, String actor) {
    Integer actionNumber = resolveAction(problem.actionNumber(), problem.taskNumber());
    Instant now = ProblemRepository.now().toInstant();
    String key = "BH-%d-%06d".formatted(now.atZone(ZONE).getYear(), repository.nextNumber());
    String duplicate = repository.findOpenDuplicate(problem.title(), actionNumber, problem.taskNumber()).orElse(null);
    try {
      repository.insert(
          new ProblemRecord(
              key, problem.title().strip(), problem.description().strip(), actionNumber, problem.taskNumber(),
              problem.reporterUnit(), actor, source, problem.sourceRef(),
              problem.suggestedCategory() == null ? null : problem.suggestedCategory().name(), null, Stage.TRIAGE,
              null, null, null, duplicate, null, null, null, null, null, null, 0, null, null, false, false, now, null, null));
    } catch (DuplicateKeyException e) {
      throw new ProblemRuleViolation(
          "duplicate-source-ref",
          "来源编号 " + problem.sourceRef() + " 已上报过",
          "sourceRef " + problem.sourceRef() + " was already filed");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("title", problem.title().strip());
    data.put("source", source);
    if (actionNumber != null) data.put("actionNumber", actionNumber);
    if (problem.taskNumber() != null) data.put("taskNumber", problem.taskNumber());
    if (problem.reporterUnit() != null) data.put("reporterUnit", problem.reporterUnit());
    if (duplicate != null) data.put("possibleDuplicateOf", duplicate);
    lifecycle.record(key, LifecycleType.OPENED, Stage.TRIAGE, actor, data);
    return key;
  }

  /** The action of a problem: given, or the action of its task; both must exist and agree. */
  private Integer resolveAction(Integer actionNumber, Integer taskNumber) {
    if (taskNumber != null) {
      Task task =
          catalog
              .task(taskNumber)
              .orElseThrow(
                  () -> new ProblemRuleViolation(
                      "unknown-task", "清单中没有重点任务 " + taskNumber, "task " + taskNumber + " is not in the catalogue"));
      if (actionNumber != null && actionNumber != task.actionNumber()) {
        throw new ProblemRuleViolation(
            "task-action-mismatch",
            "重点任务 " + taskNumber + " 不属于专项行动 " + actionNumber,
            "task " + taskNumber + " does not belong to action " + actionNumber);
      }
      return task.actionNumber();
    }
    if (actionNumber != null && catalog.action(actionNumber).isEmpty()) {
      throw new ProblemRuleViolation(
          "unknown-action", "清单中没有专项行动 " + actionNumber, "action " + actionNumber + " is not in the catalogue");
    }
    return actionNumber;
  }

  public Optional<ProblemRecord> findBySourceRef(String source, String sourceRef) {
    return repository.findBySourceRef(source, sourceRef);
  }

  /** Whether a unit already reported a resolution in the current round. */
  public boolean hasReportedThisRound(String key, String unitCode) {
    return repository.resolutionReports(key, round(get(key))).stream().anyMatch(r -> r.unitCode().equals(unitCode));
  }

  public Optional<ProblemRecord> find(String key) {
    return repository.find(key);
  }

  public ProblemRecord get(String key) {
    return repository
        .find(key)
        .orElseThrow(() -> new ProblemRuleViolation("problem-not-found", "未找到问题 " + key, "problem " + key + " not found"));
  }

  /** Links the process instance and returns what routing needs to know. */
  public RoutingFacts linkProcess(String key, String processInstanceId) {
    repository.update(key, "process_instance_id = ?", processInstanceId);
    ProblemRecord problem = get(key);
    String leadUnitGroup = null;
    if (problem.taskNumber() != null) {
      leadUnitGroup =
          catalog.task(problem.taskNumber()).flatMap(t -> t.leadUnits().stream().findFirst()).map(u -> u.groupId()).orElse(null);
    }
    String reporterGroup = problem.reporterUnitCode() == null ? null : Groups.unit(problem.reporterUnitCode());
    return new RoutingFacts(
        key, problem.title(), problem.actionNumber(), problem.taskNumber(), leadUnitGroup, reporterGroup,
        problem.suggestedCategory(), problem.possibleDuplicateOf());
  }

  /** Facts about a registered problem that the process keeps as small variables. */
  public record RoutingFacts(
      String key,
      String title,
      Integer actionNumber,
      Integer taskNumber,
      String leadUnitGroup,
      String reporterGroup,
      String suggestedCategory,
      String possibleDuplicateOf) {}

  /** 受理 — the working group's decision. */
  public void triage(String key, TriageOutcome outcome, String actor) {
    ProblemRecord problem = get(key);
    requireStage(problem, Stage.TRIAGE);
    repository.update(key, "working_group = ?", outcome.workingGroup());
    switch (outcome.decision()) {
      case ACCEPT -> {
        if (outcome.category() == null) {
          throw new ProblemRuleViolation("category-required", "受理时须确定问题类别", "a category is required to accept");
        }
        repository.update(key, "category = ?", outcome.category().name());
        lifecycle.record(key, LifecycleType.TRIAGED, Stage.ANALYSIS, actor,
            Map.of("decision", "ACCEPT", "category", outcome.category().name(), "workingGroup", outcome.workingGroup()));
      }
      case REJECT -> {
        String reason = required(outcome.rejectReason(), "不予受理须说明理由", "a reason is required to reject");
        repository.update(key, "reject_reason = ?, closed_at = ?", reason, ProblemRepository.now());
        lifecycle.record(key, LifecycleType.REJECTED, Stage.REJECTED, actor, Map.of("reason", reason));
      }
      case MERGE -> {
        String target = required(outcome.duplicateOf(), "合并须填写已有问题编号", "the duplicate's key is required to merge");
        ProblemRecord original =
            repository
                .find(target)
                .orElseThrow(() -> new ProblemRuleViolation(
                    "duplicate-not-found", "要合并到的问题 " + target + " 不存在", "problem " + target + " to merge into does not exist"));
        if (original.key().equals(key) || original.stage().isFinal()) {
          throw new ProblemRuleViolation(
              "duplicate-not-open",
              "只能合并到另一个未结案的问题，" + target + " 不符合",
              "can only merge into another open problem; " + target + " is not");
        }
        repository.update(key, "merged_into = ?, closed_at = ?", target, ProblemRepository.now());
        lifecycle.record(key, LifecycleType.MERGED, Stage.MERGED, actor, Map.of("mergedInto", target));
        repository.insertNote(target, "MERGED_DUPLICATE", key + "：" + problem.title(), actor);
      }
      case MORE_INFO -> {
        String request = required(outcome.infoRequest(), "请说明需补充的材料", "say what information is needed");
        repository.insertNote(key, "INFO_REQUEST", request, actor);
        lifecycle.record(key, LifecycleType.INFORMATION_REQUESTED, Stage.INFO_REQUESTED, actor, Map.of("request", request));
      }
    }
  }

  /** 补充材料 — the reporter's answer; the problem returns to triage. */
  public void provideInformation(String key, String information, String actor) {
    requireStage(get(key), Stage.INFO_REQUESTED);
    String text = required(information, "补充材料不能为空", "the additional information must not be blank");
    repository.insertNote(key, "INFO", text, actor);
    lifecycle.record(key, LifecycleType.INFORMATION_PROVIDED, Stage.TRIAGE, actor, Map.of());
  }

  /** 分析 — root cause, category, responsible units and plan; decides whether a policy is needed. */
  public void recordAnalysis(String key, Analysis analysis, String actor) {
    requireStage(get(key), Stage.ANALYSIS);
    String rootCause = required(analysis.rootCause(), "根本原因不能为空", "the root cause must not be blank");
    String measures = required(analysis.measures(), "措施与计划不能为空", "the measures must not be blank");
    if (analysis.category() == null) {
      throw new ProblemRuleViolation("category-required", "问题类别不能为空", "the category is required");
    }
    if (analysis.leadUnit() == null || catalog.unit(analysis.leadUnit()).isEmpty()) {
      throw new ProblemRuleViolation(
          "unknown-unit", "牵头办理单位无效：" + analysis.leadUnit(), "invalid lead unit: " + analysis.leadUnit());
    }
    for (String co : analysis.coUnits()) {
      if (catalog.unit(co).isEmpty()) {
        throw new ProblemRuleViolation("unknown-unit", "协办单位无效：" + co, "invalid co-handling unit: " + co);
      }
    }
    if (analysis.resolutionDue() == null || analysis.resolutionDue().isBefore(ProblemRepository.now().toInstant())) {
      throw new ProblemRuleViolation("invalid-deadline", "办结时限须晚于当前时间", "the resolution deadline must lie in the future");
    }
    repository.update(
        key,
        "root_cause = ?, category = ?, measures = ?, resolution_due = ?, needs_policy = ?, analysis_group = ?",
        rootCause, analysis.category().name(), measures, java.sql.Timestamp.from(analysis.resolutionDue()),
        analysis.needsPolicy(), analysis.analysisGroup());
    repository.replaceResponsibleUnits(key, analysis.leadUnit(), analysis.coUnits());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("category", analysis.category().name());
    data.put("leadUnit", analysis.leadUnit());
    data.put("coUnits", analysis.coUnits());
    data.put("resolutionDue", analysis.resolutionDue().toString());
    data.put("needsPolicy", analysis.needsPolicy());
    lifecycle.record(key, LifecycleType.ASSIGNED, analysis.needsPolicy() ? Stage.POLICY : Stage.RESOLUTION, actor, data);
  }

  /** The resolving units, lead first: the multi-instance collection of 办理. */
  /**
   * The group analysis routing chose, from routing on (not only once the analysis is recorded): it
   * reads the problem in {@code /api} from the moment the engine lets it read the instance.
   */
  public void routedToAnalysis(String key, String analysisGroup) {
    repository.update(key, "analysis_group = ?", analysisGroup);
  }

  public List<String> resolvingUnits(String key) {
    return repository.responsibleUnits(key).stream().map(ProblemDetails.ResponsibleUnit::code).toList();
  }

  public List<ProblemDetails.ResponsibleUnit> responsibleUnits(String key) {
    return repository.responsibleUnits(key);
  }

  /** 办理 — one unit's report in the current round. */
  public void recordUnitResolution(String key, String unitCode, String actionsTaken, String outcome, String actor) {
    ProblemRecord problem = get(key);
    requireStage(problem, Stage.RESOLUTION);
    String text = required(actionsTaken, "办理情况不能为空", "the actions taken must not be blank");
    if (outcome == null || !Set.of("RESOLVED", "PARTIALLY_RESOLVED", "NOT_RESOLVED").contains(outcome)) {
      throw new ProblemRuleViolation("invalid-outcome", "请选择办理结果", "choose an outcome");
    }
    repository.insertResolutionReport(key, round(problem), unitCode, text, outcome, actor);
    lifecycle.record(key, LifecycleType.UNIT_REPORTED, Stage.RESOLUTION, actor, Map.of("unit", unitCode, "outcome", outcome));
  }

  /** All responsible units have reported: the problem goes to verification. */
  public void markResolved(String key) {
    ProblemRecord problem = get(key);
    List<Map<String, String>> outcomes =
        repository.resolutionReports(key, round(problem)).stream()
            .map(r -> Map.of("unit", r.unitCode(), "outcome", r.outcome()))
            .toList();
    lifecycle.record(key, LifecycleType.RESOLVED, Stage.VERIFICATION, null, Map.of("reports", outcomes));
  }

  /** Users who reported in the current round of resolution: they may not verify their own work. */
  public Set<String> currentResolvers(String key) {
    ProblemRecord problem = get(key);
    return repository.resolutionReports(key, round(problem)).stream()
        .map(ResolutionReport::reportedBy)
        .filter(u -> u != null)
        .collect(Collectors.toSet());
  }

  public List<ResolutionReport> currentResolutionReports(String key) {
    return repository.resolutionReports(key, round(get(key)));
  }

  /** 核查 — confirmed, or back to analysis with the rework counted. */
  public void verify(String key, boolean confirmed, String comment, String actor) {
    ProblemRecord problem = get(key);
    requireStage(problem, Stage.VERIFICATION);
    if (confirmed) {
      lifecycle.record(key, LifecycleType.VERIFIED, Stage.CLOSURE, actor, Map.of());
      return;
    }
    String reason = required(comment, "退回须说明核查意见", "a comment is required to reopen");
    repository.update(key, "rework_count = rework_count + 1");
    repository.insertNote(key, "VERIFICATION", reason, actor);
    lifecycle.record(key, LifecycleType.REJECTED_AT_VERIFICATION, Stage.VERIFICATION, actor, Map.of("comment", reason));
    lifecycle.record(key, LifecycleType.REOPENED, Stage.ANALYSIS, actor, Map.of("reworkCount", problem.reworkCount() + 1));
  }

  /** 结案 — closure record with satisfaction and lessons; flags for review and best practice. */
  public void close(String key, Closure closure, String actor) {
    requireStage(get(key), Stage.CLOSURE);
    if (closure.satisfaction() < 1 || closure.satisfaction() > 5) {
      throw new ProblemRuleViolation("invalid-satisfaction", "满意度须为1至5", "satisfaction must be 1 to 5");
    }
    repository.update(
        key, "satisfaction = ?, lessons = ?, typical_case = ?, best_practice = ?, closed_at = ?",
        closure.satisfaction(), closure.lessons(), closure.typicalCase(), closure.bestPractice(), ProblemRepository.now());
    lifecycle.record(key, LifecycleType.CLOSED, Stage.CLOSED, actor,
        Map.of("satisfaction", closure.satisfaction(), "typicalCase", closure.typicalCase(), "bestPractice", closure.bestPractice()));
  }

  /** A unit may act on a problem it filed or is responsible for resolving. */
  public boolean isActingUnit(String key, String unitCode) {
    ProblemRecord problem = get(key);
    return unitCode.equals(problem.reporterUnitCode())
        || repository.responsibleUnits(key).stream().anyMatch(u -> u.code().equals(unitCode));
  }

  /** 进展 — a unit's progress report during resolution. */
  public void recordProgress(String key, String unitCode, String progress, Integer percentComplete, String actor) {
    requireStage(get(key), Stage.RESOLUTION);
    repository.insertNote(key, "PROGRESS", progress.strip(), actor);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("unit", unitCode);
    if (percentComplete != null) data.put("percentComplete", percentComplete);
    lifecycle.record(key, LifecycleType.PROGRESS_REPORTED, Stage.RESOLUTION, actor, data);
  }

  /** 申请协调 — a unit asked the leading group to coordinate; the stage does not change. */
  public void recordEscalation(String key, String unitCode, String reason, String actor) {
    ProblemRecord problem = get(key);
    if (problem.stage().isFinal()) {
      throw new ProblemRuleViolation("problem-closed", "问题已结束，不能再申请协调", "the problem is over; coordination can no longer be requested");
    }
    repository.insertNote(key, "ESCALATION", reason.strip(), actor);
    lifecycle.record(key, LifecycleType.ESCALATED, problem.stage(), actor, Map.of("unit", unitCode));
  }

  /**
   * A supervision step on one of the problem's tasks (催办 REMINDED, 督办 SUPERVISED, 挂牌督办 LISTED),
   * recorded by the engine (no actor); the stage does not change. LISTED also flags the problem.
   */
  public void recordSupervision(String key, LifecycleType type, Map<String, ?> data) {
    if (type != LifecycleType.REMINDED && type != LifecycleType.SUPERVISED && type != LifecycleType.LISTED) {
      throw new IllegalArgumentException(type + " is not a supervision step");
    }
    ProblemRecord problem = get(key);
    if (type == LifecycleType.LISTED && problem.listedAt() == null) {
      repository.update(key, "listed_at = ?", ProblemRepository.now());
    }
    lifecycle.record(key, type, problem.stage(), null, data);
  }

  /** The leading group's coordination decision on an escalation. */
  public void recordCoordination(String key, String decision, String actor) {
    String text = required(decision, "请填写协调意见", "the coordination decision must not be blank");
    repository.insertNote(key, "COORDINATION", text, actor);
  }

  /** 延期 — a unit asked for more time to resolve. */
  public void recordExtensionRequest(String key, String unitCode, String reason, String requestedDue, String actor) {
    requireStage(get(key), Stage.RESOLUTION);
    repository.insertNote(key, "EXTENSION_REQUEST", reason.strip() + "（申请延期至 " + requestedDue + "）", actor);
    lifecycle.record(key, LifecycleType.EXTENSION_REQUESTED, Stage.RESOLUTION, actor,
        Map.of("unit", unitCode, "requestedDue", requestedDue));
  }

  /** The working group's decision on an extension; a grant moves the resolution deadline. */
  public void decideExtension(String key, boolean granted, Instant newDue, String comment, String actor) {
    ProblemRecord problem = get(key);
    if (granted) {
      if (newDue == null || (problem.resolutionDue() != null && !newDue.isAfter(problem.resolutionDue()))) {
        throw new ProblemRuleViolation("invalid-deadline", "延期后的时限须晚于原办结时限",
            "the extended deadline must lie after the current one");
      }
      repository.update(key, "resolution_due = ?", java.sql.Timestamp.from(newDue));
      lifecycle.record(key, LifecycleType.EXTENSION_GRANTED, problem.stage(), actor, Map.of("resolutionDue", newDue.toString()));
    } else {
      String reason = required(comment, "不同意延期须说明理由", "a reason is required to refuse");
      repository.insertNote(key, "EXTENSION_REFUSED", reason, actor);
      lifecycle.record(key, LifecycleType.EXTENSION_REFUSED, problem.stage(), actor, Map.of());
    }
  }

  public List<ProblemDetails.Note> notes(String key) {
    return repository.notes(key);
  }

  public List<ProblemRecord> list(ProblemFilter filter, int page, int size) {
    return repository.list(filter, page, size);
  }

  /** The number of problems a filter finds, counted up to {@code limit + 1} (more means "more than limit"). */
  public long count(ProblemFilter filter, int limit) {
    return repository.count(filter, limit);
  }

  private static int round(ProblemRecord problem) {
    return problem.reworkCount() + 1;
  }

  private static void requireStage(ProblemRecord problem, Stage expected) {
    if (problem.stage() != expected) {
      throw new ProblemRuleViolation(
          "wrong-stage",
          "问题 " + problem.key() + " 当前处于“" + problem.stage().label() + "”阶段，不能执行“" + expected.label() + "”",
          "problem " + problem.key() + " is in stage " + problem.stage() + ", not " + expected);
    }
  }

  private static String required(String value, String chinese, String english) {
    if (value == null || value.isBlank()) {
      throw new ProblemRuleViolation("missing-field", chinese, english);
    }
    return value.strip();
  }

  /** Triage decision (受理结论). */
  public enum TriageDecision { ACCEPT, REJECT, MERGE, MORE_INFO }

  public record TriageOutcome(
      TriageDecision decision, Category category, String rejectReason, String duplicateOf, String infoRequest, String workingGroup) {}

  public record Analysis(
      String rootCause,
      Category category,
      String leadUnit,
      List<String> coUnits,
      String measures,
      Instant resolutionDue,
      boolean needsPolicy,
      String analysisGroup) {}

  public record Closure(int satisfaction, String lessons, boolean typicalCase, boolean bestPractice) {}
}
