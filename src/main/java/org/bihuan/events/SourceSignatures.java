package org.bihuan.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Trusted event sources. Kafka authenticates each unit's producer (SASL/SCRAM or mTLS, one principal
 * per unit, ACLs allowing WRITE on the inbound topics) but does not tell consumers who produced a
 * record. So each unit signs its records: header {@code bihuan-signature} carries
 * {@code base64(HMAC-SHA256(unit secret, signing string))}, verified with the secret of the unit
 * named in the event's {@code source}. The signing string binds the record to its topic, its key
 * and its CloudEvents {@code time} (see {@link #signingString}), so a signed value cannot be moved to
 * another topic or key, and a replay is refused once {@code time} is older than {@code
 * bihuan.events.signature-max-age}.
 *
 * <p>Refusals: a record signed by another unit, unsigned where signatures are required, with more
 * than one signature header or with a line feed in its key is {@code source-not-authorised}; a
 * validly signed record whose {@code time} lies outside the window is {@code stale-signature}.
 */
@Component
class SourceSignatures {

  static final String HEADER = "bihuan-signature";

  private final Map<String, String> secrets;
  private final boolean required;
  private final Duration maxAge;

  @Autowired
  SourceSignatures(EventsProperties properties) {
    this(properties.unitSecrets(), properties.requireSignatures(), properties.signatureMaxAge());
  }

  SourceSignatures(Map<String, String> secrets, boolean required, Duration maxAge) {
    this.secrets = secrets;
    this.required = required;
    this.maxAge = maxAge;
  }

  void verify(ConsumerRecord<String, String> record, EventEnvelope event) {
    String unitCode = event.unitCode();
    Header header = null;
    int signatures = 0;
    for (Header h : record.headers().headers(HEADER)) {
      header = h;
      signatures++;
    }
    if (signatures > 1) {
      // which one would count is a matter of reading order: refuse rather than choose
      throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED, "record carries " + signatures + " signature headers");
    }
    if (header == null) {
      if (required) {
        throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED, "record of " + unitCode + " is not signed");
      }
      return;
    }
    String secret = secrets.get(unitCode);
    if (secret == null) {
      throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED, "no signing secret configured for unit " + unitCode);
    }
    if (record.key() != null && record.key().indexOf('\n') >= 0) {
      // the key is one line of the signing string; a line feed would make the string ambiguous
      throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED, "a signed record's key must not contain a line feed");
    }
    String time = event.raw().path("time").asText("");
    byte[] expected = sign(secret, signingString(record.topic(), record.key(), time, record.value()));
    byte[] given;
    try {
      given = Base64.getDecoder().decode(new String(header.value(), StandardCharsets.US_ASCII).trim());
    } catch (IllegalArgumentException e) {
      throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED, "signature is not base64");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED,
          "signature does not match unit " + unitCode + " (topic, key, time and value are signed)");
    }
    checkFreshness(record, time);
  }

  /**
   * The signed time must be near the moment the record reached the broker: the broker's append
   * time where the topic stamps it ({@code message.timestamp.type=LogAppendTime}, which a producer
   * cannot set, so a late replay is refused even when Bihuan reads it days later), else now.
   */
  private void checkFreshness(ConsumerRecord<String, String> record, String time) {
    Instant signedAt;
    try {
      signedAt = OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      throw new RejectedEvent(RejectedEvent.STALE_SIGNATURE, "time " + time + " is not an RFC 3339 timestamp");
    }
    Instant reference = record.timestampType() == TimestampType.LOG_APPEND_TIME
        ? Instant.ofEpochMilli(record.timestamp())
        : ClockUtil.getCurrentTime().toInstant();
    Duration age = Duration.between(signedAt, reference);
    if (age.abs().compareTo(maxAge) > 0) {
      throw new RejectedEvent(RejectedEvent.STALE_SIGNATURE,
          "signed time " + time + " is " + (age.isNegative() ? "ahead of " : "older than ") + reference
              + " by more than " + maxAge);
    }
  }

  /**
   * What a unit signs: topic, key (empty when the record has none), the CloudEvents {@code time}
   * exactly as written in the value, and the value, joined by line feeds (UTF-8). Only the value
   * may contain line feeds, and it comes last, so the string splits one way only.
   */
  static String signingString(String topic, String key, String time, String value) {
    return topic + "\n" + (key == null ? "" : key) + "\n" + time + "\n" + value;
  }

  static byte[] sign(String secret, String signingString) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(signingString.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
