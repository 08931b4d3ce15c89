package org.bihuan.identity;

/**
 * Camunda group ids of Bihuan's three-tier structure 领导小组 → 专项工作组 → 工作专班, plus one
 * group per unit. The routing DMN (bpmn/routing.dmn) composes the same ids; RoutingDecisionTests
 * keeps the two in step.
 */
public final class Groups {

  /** 领导小组 — the leading group: decides escalated problems, approves major policies. */
  public static final String LEADING_GROUP = "leading-group";

  /** 督查、审计 — supervisors and auditors: read everything, change nothing. */
  public static final String AUDITORS = "auditors";

  /** Operators administer Bihuan (Camunda's own admin group). */
  public static final String OPERATORS = "camunda-admin";

  /**
   * The technical group under which Kafka events act on process instances (no person is a member):
   * its permission to update instances is never carried by a login.
   */
  public static final String EVENT_GATEWAY = "bihuan-event-gateway";

  /**
   * Marks the demo's users (a membership only operators can change, unlike the e-mail address on
   * the user's own profile): outside the demo their existence refuses start-up.
   */
  public static final String DEMO_USERS = "bihuan-demo-users";

  /** Scrapers of {@code /actuator/prometheus}: that endpoint and nothing else beyond a login. */
  public static final String METRICS = "bihuan-metrics";

  private Groups() {}

  /** 专项工作组 — the special working group of an action: {@code wg-01}. */
  public static String workingGroup(int actionNumber) {
    return "wg-%02d".formatted(actionNumber);
  }

  /** 工作专班 — the task force under an action's working group: {@code tf-01}. */
  public static String taskForce(int actionNumber) {
    return "tf-%02d".formatted(actionNumber);
  }

  /** The staff of a unit: {@code unit-qfgw}. */
  public static String unit(String unitCode) {
    return "unit-" + unitCode;
  }

  /** The unit code of a unit group id, or {@code null} when the group is not a unit's. */
  public static String unitCodeOf(String groupId) {
    return groupId != null && groupId.startsWith("unit-") ? groupId.substring(5) : null;
  }
}
