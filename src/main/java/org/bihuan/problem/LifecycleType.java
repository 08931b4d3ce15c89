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
  ESCALATED,
  EXTENSION_REQUESTED,
  EXTENSION_GRANTED,
  EXTENSION_REFUSED,
  RESOLVED,
  VERIFIED,
  REJECTED_AT_VERIFICATION,
  REOPENED,
  CLOSED
}
