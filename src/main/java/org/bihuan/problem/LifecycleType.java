package org.bihuan.problem;

/**
 * Lifecycle events of a problem. Each is recorded in {@code bihuan.lifecycle_event} in the same
 * transaction as the engine change that caused it (the outbox of the events stage).
 */
public enum LifecycleType {
  OPENED,
  INFORMATION_REQUESTED,
  INFORMATION_PROVIDED,
  TRIAGED,
  REJECTED,
  MERGED,
  ASSIGNED,
  POLICY_DRAFTED,
  POLICY_REVIEWED,
  POLICY_ISSUED,
  UNIT_REPORTED,
  PROGRESS_REPORTED,
  /** 申请协调: a unit asked the leading group to coordinate (Kafka type escalation-requested). */
  ESCALATED,
  EXTENSION_REQUESTED,
  EXTENSION_GRANTED,
  EXTENSION_REFUSED,
  RESOLVED,
  VERIFIED,
  REJECTED_AT_VERIFICATION,
  REOPENED,
  CLOSED,
  /** 签收 — a responsible unit signed for its assignment. */
  UNIT_SIGNED,
  /** 退回 — a unit returned its assignment as not responsible, with a reason. */
  ASSIGNMENT_RETURNED,
  /** The working group gave a returned assignment to another unit. */
  REROUTED,
  /** The working group refused a return and answered the unit, which keeps the assignment. */
  RETURN_REFUSED,
  /** 挂账 proposed after analysis, waiting for the leading group. */
  LEDGER_PROPOSED,
  /** 挂账 approved: the problem waits on the ledger until its review date. */
  LEDGER_APPROVED,
  /** 挂账 refused by the leading group: back to analysis. */
  LEDGER_REFUSED,
  /** Ledger review: kept on the ledger with a new review date. */
  LEDGER_KEPT,
  /** Ledger review: taken off the ledger, back to analysis. */
  LEDGER_RESUMED,
  /** 回访 — the reporting unit rated the result of a closed problem. */
  CALLBACK_RECORDED,
  /** 回头看 — a sampled closed problem was re-inspected. */
  REINSPECTED,
  /** 催办: a task reached the warning share of its limit (yellow light); a reminder was sent. */
  REMINDED,
  /** 督办: a task passed its limit (red light); a supervision order went to the working group. */
  SUPERVISED,
  /** 挂牌督办: a task stayed open beyond its limit; the leading group listed the problem. */
  LISTED
}
