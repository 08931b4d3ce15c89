package org.bihuan.events;

/**
 * An inbound event that can never be applied. It goes to its dead-letter topic with {@link
 * #reason()} in header {@code bihuan-dlt-reason} and is never retried.
 */
public class RejectedEvent extends RuntimeException {

  /** Reasons, as documented in kafka/README.md. */
  public static final String MALFORMED_JSON = "malformed-json";
  public static final String SCHEMA_INVALID = "schema-invalid";
  public static final String UNKNOWN_TYPE = "unknown-type";
  public static final String UNKNOWN_BUSINESS_KEY = "unknown-business-key";
  public static final String SOURCE_NOT_AUTHORISED = "source-not-authorised";
  public static final String UNKNOWN_UNIT = "unknown-unit";
  public static final String OVERSIZE = "oversize";
  public static final String EXPIRED_PARKED = "expired-parked";
  public static final String NOT_APPLICABLE = "not-applicable";
  public static final String STALE_SIGNATURE = "stale-signature";
  public static final String PARK_LIMIT = "park-limit";

  private final String reason;
  private final boolean beforeAnyChange;

  /** Refused by a check that changed nothing (its transaction may go on with other events). */
  public RejectedEvent(String reason, String message) {
    this(reason, message, true);
  }

  private RejectedEvent(String reason, String message, boolean beforeAnyChange) {
    super(reason + ": " + message);
    this.reason = reason;
    this.beforeAnyChange = beforeAnyChange;
  }

  /**
   * Refused by a rule found while the effect was already being applied: its transaction holds
   * part of the effect and must roll back.
   */
  static RejectedEvent afterChanges(String reason, String message) {
    return new RejectedEvent(reason, message, false);
  }

  /** Whether the refusal came before the event changed anything. */
  boolean beforeAnyChange() {
    return beforeAnyChange;
  }

  public String reason() {
    return reason;
  }
}
