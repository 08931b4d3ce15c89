package org.bihuan.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** What a unit's signature covers (topic, key, time, value) and which records it refuses. */
class SourceSignaturesTests {

  static final String TOPIC = "bihuan.progress-reported.v1";
  static final String KEY = "BH-2026-000123";
  static final String SECRET = "secret-qzjw";
  static final Instant ARRIVED = Instant.parse("2026-12-02T08:00:00Z");

  final SourceSignatures signatures = new SourceSignatures(Map.of("qzjw", SECRET), true, Duration.ofHours(6));
  final ObjectMapper json = new ObjectMapper();

  @Test
  void acceptsARecordSignedOverTopicKeyTimeAndValue() {
    ObjectNode event = event(ARRIVED.minusSeconds(60));
    assertThatCode(() -> signatures.verify(signed(TOPIC, KEY, event, TOPIC, KEY), envelope(event))).doesNotThrowAnyException();
  }

  @Test
  void refusesASignatureOverTheValueOnly() {
    ObjectNode event = event(ARRIVED.minusSeconds(60));
    ConsumerRecord<String, String> record = record(TOPIC, KEY, event.toString(), ARRIVED,
        Base64.getEncoder().encodeToString(SourceSignatures.sign(SECRET, event.toString())));
    assertThat(reason(record, event)).isEqualTo(RejectedEvent.SOURCE_NOT_AUTHORISED);
  }

  @Test
  void refusesASignedValueMovedToAnotherTopicOrKey() {
    ObjectNode event = event(ARRIVED.minusSeconds(60));
    assertThat(reason(signed("bihuan.resolution-reported.v1", KEY, event, TOPIC, KEY), event))
        .isEqualTo(RejectedEvent.SOURCE_NOT_AUTHORISED);
    assertThat(reason(signed(TOPIC, "BH-2026-000999", event, TOPIC, KEY), event))
        .isEqualTo(RejectedEvent.SOURCE_NOT_AUTHORISED);
  }

  @Test
  void refusesAChangedTime() {
    ObjectNode event = event(ARRIVED.minusSeconds(60));
    ConsumerRecord<String, String> genuine = signed(TOPIC, KEY, event, TOPIC, KEY);
    ObjectNode later = event.deepCopy().put("time", ARRIVED.toString());
    ConsumerRecord<String, String> retimed = record(TOPIC, KEY, later.toString(), ARRIVED,
        new String(genuine.headers().lastHeader(SourceSignatures.HEADER).value(), StandardCharsets.US_ASCII));
    assertThat(reason(retimed, later)).isEqualTo(RejectedEvent.SOURCE_NOT_AUTHORISED);
  }

  @Test
  void refusesARecordSignedLongerAgoThanTheWindow() {
    ObjectNode replayed = event(ARRIVED.minus(Duration.ofHours(7)));
    assertThat(reason(signed(TOPIC, KEY, replayed, TOPIC, KEY), replayed)).isEqualTo(RejectedEvent.STALE_SIGNATURE);
  }

  @Test
  void refusesARecordSignedFarAhead() {
    ObjectNode ahead = event(ARRIVED.plus(Duration.ofHours(7)));
    assertThat(reason(signed(TOPIC, KEY, ahead, TOPIC, KEY), ahead)).isEqualTo(RejectedEvent.STALE_SIGNATURE);
  }

  @Test
  void refusesARecordWithTwoSignatureHeaders() {
    ObjectNode event = event(ARRIVED.minusSeconds(60));
    ConsumerRecord<String, String> record = signed(TOPIC, KEY, event, TOPIC, KEY);
    record.headers().add(SourceSignatures.HEADER, "AAAA".getBytes(StandardCharsets.US_ASCII));
    assertThat(reason(record, event)).isEqualTo(RejectedEvent.SOURCE_NOT_AUTHORISED);
    RejectedEvent refusal = catchThrowableOfType(RejectedEvent.class, () -> signatures.verify(record, envelope(event)));
    assertThat(refusal).hasMessageContaining("2 signature headers");
  }

  @Test
  void refusesASignedRecordWhoseKeyHasALineFeed() {
    ObjectNode event = event(ARRIVED.minusSeconds(60));
    assertThat(reason(signed(TOPIC, KEY + "\nx", event, TOPIC, KEY + "\nx"), event))
        .isEqualTo(RejectedEvent.SOURCE_NOT_AUTHORISED);
  }

  @Test
  void signingStringIsTopicKeyTimeAndValueOnLines() {
    assertThat(SourceSignatures.signingString("t", null, "2026-12-02T08:00:00Z", "{\"a\":1}"))
        .isEqualTo("t\n\n2026-12-02T08:00:00Z\n{\"a\":1}");
  }

  // ---------------------------------------------------------------------------------------------

  private String reason(ConsumerRecord<String, String> record, ObjectNode event) {
    RejectedEvent refusal = catchThrowableOfType(RejectedEvent.class, () -> signatures.verify(record, envelope(event)));
    return refusal == null ? null : refusal.reason();
  }

  private ObjectNode event(Instant time) {
    ObjectNode event = json.createObjectNode();
    event.put("specversion", "1.0").put("id", "qzjw-1").put("source", "/units/qzjw").put("type", TOPIC)
        .put("subject", KEY).put("time", OffsetDateTime.ofInstant(time, ZoneOffset.ofHours(8)).toString());
    event.putObject("data").put("progress", "进展");
    return event;
  }

  private static EventEnvelope envelope(ObjectNode event) {
    return EventEnvelope.of(event);
  }

  /** Signed for (signedTopic, signedKey), sent on (topic, key). */
  private static ConsumerRecord<String, String> signed(String topic, String key, ObjectNode event, String signedTopic,
      String signedKey) {
    String value = event.toString();
    byte[] mac = SourceSignatures.sign(SECRET,
        SourceSignatures.signingString(signedTopic, signedKey, event.path("time").asText(), value));
    return record(topic, key, value, ARRIVED, Base64.getEncoder().encodeToString(mac));
  }

  private static ConsumerRecord<String, String> record(String topic, String key, String value, Instant appended,
      String signature) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(SourceSignatures.HEADER, signature.getBytes(StandardCharsets.US_ASCII));
    return new ConsumerRecord<>(topic, 0, 42, appended.toEpochMilli(), TimestampType.LOG_APPEND_TIME, -1, -1, key, value,
        headers, Optional.empty());
  }
}
