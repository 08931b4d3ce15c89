package org.bihuan.problem;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** 出台政策 — policy drafts, reviews and published policy records linked to their problem. */
@Service
@Transactional
public class Policies {

  private final JdbcClient jdbc;
  private final Problems problems;
  private final ProblemRepository repository;
  private final LifecycleLog lifecycle;

  Policies(JdbcClient jdbc, Problems problems, ProblemRepository repository, LifecycleLog lifecycle) {
    this.jdbc = jdbc;
    this.problems = problems;
    this.repository = repository;
    this.lifecycle = lifecycle;
  }

  /** Saves a draft (a new one, or the returned draft revised) and returns its id. */
  public long saveDraft(String problemKey, Long existingDraftId, PolicyDraft draft, String actor) {
    ProblemRecord problem = problems.get(problemKey);
    if (problem.stage() != Stage.POLICY) {
      throw new ProblemRuleViolation("wrong-stage", "问题不在出台政策阶段", "the problem is not in the policy stage");
    }
    if (draft.title() == null || draft.title().isBlank() || draft.summary() == null || draft.summary().isBlank()) {
      throw new ProblemRuleViolation("missing-field", "政策标题和主要内容不能为空", "policy title and summary must not be blank");
    }
    if (draft.estimatedFunding() == null || draft.estimatedFunding().signum() < 0) {
      throw new ProblemRuleViolation("invalid-funding", "预计资金不能为负", "estimated funding must not be negative");
    }
    if (draft.measureScope() == null || !List.of("SINGLE_UNIT", "CROSS_DEPARTMENT", "DISTRICT_WIDE").contains(draft.measureScope())) {
      throw new ProblemRuleViolation("invalid-scope", "请选择政策措施的适用范围", "choose the measure's scope");
    }
    long id;
    if (existingDraftId == null) {
      id = jdbc.sql(
              """
              insert into bihuan.policy (problem_key, title, summary, measure_scope, estimated_funding, affects_public, status, created_at)
              values (?, ?, ?, ?, ?, ?, 'DRAFT', ?) returning id
              """)
          .params(problemKey, draft.title().strip(), draft.summary().strip(), draft.measureScope(),
              draft.estimatedFunding(), draft.affectsPublic(), ProblemRepository.now())
          .query(Long.class)
          .single();
    } else {
      id = existingDraftId;
      jdbc.sql(
              """
              update bihuan.policy set title = ?, summary = ?, measure_scope = ?, estimated_funding = ?, affects_public = ?
              where id = ? and status = 'DRAFT'
              """)
          .params(draft.title().strip(), draft.summary().strip(), draft.measureScope(), draft.estimatedFunding(),
              draft.affectsPublic(), id)
          .update();
    }
    lifecycle.record(problemKey, LifecycleType.POLICY_DRAFTED, Stage.POLICY, actor, Map.of("policyId", id));
    return id;
  }

  /** Records a review by the working group or the leading group. */
  public void review(String problemKey, long policyId, String approvalLevel, String reviewer, boolean approved, String comment, String actor) {
    if (!approved && (comment == null || comment.isBlank())) {
      throw new ProblemRuleViolation("missing-field", "退回修改须填写意见", "a comment is required to return the draft");
    }
    jdbc.sql("update bihuan.policy set approval_level = ? where id = ?").params(approvalLevel, policyId).update();
    if (comment != null && !comment.isBlank()) {
      repository.insertNote(problemKey, approved ? "POLICY_APPROVAL" : "POLICY_RETURNED", comment.strip(), actor);
    }
    lifecycle.record(problemKey, LifecycleType.POLICY_REVIEWED, Stage.POLICY, actor,
        Map.of("policyId", policyId, "reviewer", reviewer, "approved", approved));
  }

  /** Publishes the approved policy with a number like {@code BH-ZC-2026-0001}. */
  public String publish(String problemKey, long policyId, String actor) {
    Instant now = ProblemRepository.now().toInstant();
    long sequence = jdbc.sql("select nextval('bihuan.policy_number_seq')").query(Long.class).single();
    String number = "BH-ZC-%d-%04d".formatted(now.atZone(Problems.ZONE).getYear(), sequence);
    int updated =
        jdbc.sql("update bihuan.policy set number = ?, status = 'PUBLISHED', published_at = ? where id = ? and status = 'DRAFT'")
            .params(number, ProblemRepository.now(), policyId)
            .update();
    if (updated != 1) {
      throw new IllegalStateException("policy " + policyId + " is not a draft");
    }
    lifecycle.record(problemKey, LifecycleType.POLICY_ISSUED, Stage.RESOLUTION, actor, Map.of("policyNumber", number));
    return number;
  }

  public List<PolicyRecord> ofProblem(String problemKey) {
    return jdbc.sql(
            "select id, number, title, measure_scope, approval_level, status, published_at from bihuan.policy where problem_key = ? order by id")
        .param(problemKey)
        .query(
            (rs, i) ->
                new PolicyRecord(
                    rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
        .list();
  }

  public record PolicyDraft(String title, String summary, String measureScope, BigDecimal estimatedFunding, boolean affectsPublic) {}

  public record PolicyRecord(
      long id, String number, String title, String measureScope, String approvalLevel, String status, Instant publishedAt) {}
}
