package org.bihuan.problem;

import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 挂账, 回访 and 回头看 — what happens to a problem that cannot be solved now, and to a closed
 * one. Runs in the caller's transaction (the engine command).
 */
@Service
@Transactional
public class FollowUps {

  private final Problems problems;
  private final ProblemRepository repository;
  private final LifecycleLog lifecycle;
  private final JdbcClient jdbc;

  FollowUps(Problems problems, ProblemRepository repository, LifecycleLog lifecycle, JdbcClient jdbc) {
    this.problems = problems;
    this.repository = repository;
    this.lifecycle = lifecycle;
    this.jdbc = jdbc;
  }

  /** 挂账 proposed at analysis: a reason and a review date in the future. */
  public void proposeLedger(String key, String reason, LocalDate reviewOn, String actor) {
    requireStage(key, Stage.ANALYSIS);
    String why = required(reason, "挂账须说明理由（如需预算、修法、项目尚未启动）", "a ledger entry needs a reason (budget, law change, project not started)");
    requireFuture(reviewOn);
    repository.update(key, "ledger_reason = ?, ledger_review_on = ?", why, Date.valueOf(reviewOn));
    repository.insertNote(key, "LEDGER_REASON", why, actor);
    lifecycle.record(key, LifecycleType.LEDGER_PROPOSED, Stage.ANALYSIS, actor, Map.of("reviewOn", reviewOn.toString()));
  }

  /** The leading group's decision: approved goes on the ledger, refused back to analysis. */
  public void decideLedger(String key, boolean approved, String comment, String actor) {
    requireStage(key, Stage.ANALYSIS);
    if (approved) {
      if (comment != null && !comment.isBlank()) {
        repository.insertNote(key, "LEDGER_APPROVAL", comment.strip(), actor);
      }
      lifecycle.record(key, LifecycleType.LEDGER_APPROVED, Stage.LEDGER, actor, Map.of());
      return;
    }
    String why = required(comment, "不同意挂账须说明理由", "refusing a ledger entry needs a reason");
    repository.update(key, "ledger_reason = null, ledger_review_on = null");
    repository.insertNote(key, "LEDGER_REFUSED", why, actor);
    lifecycle.record(key, LifecycleType.LEDGER_REFUSED, Stage.ANALYSIS, actor, Map.of());
  }

  /** Review on the ledger's date: keep with a new date, or back to analysis. */
  public void reviewLedger(String key, boolean keep, LocalDate nextReviewOn, String comment, String actor) {
    requireStage(key, Stage.LEDGER);
    if (comment != null && !comment.isBlank()) {
      repository.insertNote(key, "LEDGER_REVIEW", comment.strip(), actor);
    }
    if (keep) {
      requireFuture(nextReviewOn);
      repository.update(key, "ledger_review_on = ?", Date.valueOf(nextReviewOn));
      lifecycle.record(key, LifecycleType.LEDGER_KEPT, Stage.LEDGER, actor, Map.of("reviewOn", nextReviewOn.toString()));
    } else {
      repository.update(key, "ledger_reason = null, ledger_review_on = null");
      lifecycle.record(key, LifecycleType.LEDGER_RESUMED, Stage.ANALYSIS, actor, Map.of());
    }
  }

  /** 回访 — the reporting unit's rating of a closed problem. */
  public void recordCallback(String key, CallbackRating rating, String comment, String actor) {
    requireStage(key, Stage.CLOSED);
    if (rating == null) {
      throw new ProblemRuleViolation("missing-field", "请选择回访评价（满意、基本满意或不满意）", "choose a callback rating");
    }
    if (rating == CallbackRating.DISSATISFIED && (comment == null || comment.isBlank())) {
      throw new ProblemRuleViolation("missing-field", "不满意须说明原因", "a dissatisfied rating needs a comment");
    }
    if (comment != null && !comment.isBlank()) {
      repository.insertNote(key, "CALLBACK", comment.strip(), actor);
    }
    lifecycle.record(key, LifecycleType.CALLBACK_RECORDED, Stage.CLOSED, actor, Map.of("rating", rating.name()));
  }

  /** The working group keeps the closure despite a 不满意 callback, with its answer. */
  public void noteCallbackConfirmed(String key, String comment, String actor) {
    requireStage(key, Stage.CLOSED);
    repository.insertNote(key, "CALLBACK_ANSWER", comment.strip(), actor);
  }

  /** 回头看 — the re-inspection of a sampled closed problem; a failure reopens it. */
  public void recordReinspection(String key, boolean passed, String finding, String actor) {
    requireStage(key, Stage.CLOSED);
    String text = passed ? finding : required(finding, "回头看未通过须说明发现的问题", "a failed re-inspection needs its finding");
    if (text != null && !text.isBlank()) {
      repository.insertNote(key, "REINSPECTION", text.strip(), actor);
    }
    lifecycle.record(key, LifecycleType.REINSPECTED, Stage.CLOSED, actor, Map.of("passed", passed));
  }

  /**
   * A closed problem goes back to analysis (after 回访 or 回头看). The reopen is counted; it also
   * starts a new resolution round, as a rework does, so units report afresh.
   */
  public void reopenAfterClosure(String key, String cause, String comment, String actor) {
    ProblemRecord problem = problems.get(key);
    requireStage(key, Stage.CLOSED);
    String why = required(comment, "重新打开须说明理由", "reopening needs a reason");
    repository.update(key, "reopen_count = reopen_count + 1, rework_count = rework_count + 1, closed_at = null");
    repository.insertNote(key, "REOPENED", why, actor);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("after", cause);
    data.put("reopenCount", reopenCount(key));
    data.put("reworkCount", problem.reworkCount() + 1);
    lifecycle.record(key, LifecycleType.REOPENED, Stage.ANALYSIS, actor, data);
  }

  /** How often a problem was reopened after closure. */
  public int reopenCount(String key) {
    return jdbc.sql("select reopen_count from bihuan.problem where key = ?").param(key).query(Integer.class).single();
  }

  /** The ledger's review date, when the problem is on (or proposed for) the ledger. */
  public LocalDate ledgerReviewOn(String key) {
    return jdbc.sql("select ledger_review_on from bihuan.problem where key = ?").param(key)
        .query((rs, i) -> rs.getDate(1) == null ? null : rs.getDate(1).toLocalDate()).single();
  }

  private void requireStage(String key, Stage expected) {
    ProblemRecord problem = problems.get(key);
    if (problem.stage() != expected) {
      throw new ProblemRuleViolation(
          "wrong-stage",
          "问题 " + key + " 当前处于“" + problem.stage().label() + "”阶段，不能在“" + expected.label() + "”阶段办理此事",
          "problem " + key + " is in stage " + problem.stage() + ", not " + expected);
    }
  }

  private static void requireFuture(LocalDate day) {
    if (day == null || !day.isAfter(ProblemRepository.now().toInstant().atZone(Problems.ZONE).toLocalDate())) {
      throw new ProblemRuleViolation("invalid-review-date", "复核日期须晚于今天", "the review date must lie after today");
    }
  }

  private static String required(String value, String chinese, String english) {
    if (value == null || value.isBlank()) {
      throw new ProblemRuleViolation("missing-field", chinese, english);
    }
    return value.strip();
  }

  /** 回访评价. */
  public enum CallbackRating {
    /** 满意. */
    SATISFIED,
    /** 基本满意. */
    BASICALLY_SATISFIED,
    /** 不满意 — goes to the working group, which may reopen the problem. */
    DISSATISFIED
  }
}
