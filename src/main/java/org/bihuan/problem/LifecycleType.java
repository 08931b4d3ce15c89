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
  /** 催办: a task reached the warning share of its limit (yellow light); a reminder was sent. */
  REMINDED,
  /** 督办: a task passed its limit (red light); a supervision order went to the working group. */
  SUPERVISED,
  /** 挂牌督办: a task stayed open beyond its limit; the leading group listed the problem. */
  LISTED
}
