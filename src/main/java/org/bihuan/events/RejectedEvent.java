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

  private final String reason;

  public RejectedEvent(String reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
