package org.bihuan.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The departments' side of a cluster test: problem reports of 区住建委 (unit {@value #UNIT}) and its
 * escalation requests on problems prepared before the stream (many per problem, so their lifecycle
 * events test the outbox's order), a few exact duplicates (the same record again, after its
 * original on the same partition) and a few malformed records. Every record is signed with the
 * unit's secret, as the nodes run without the demo profile.
 */
final class EventStream {

  static final String UNIT = "qzjw";
  static final String REPORTED = "bihuan.problem-reported.v1";
  static final String ESCALATION = "bihuan.escalation-requested.v1";
  static final String SIGNATURE_HEADER = "bihuan-signature";

  /** One record; {@code bad} ones are malformed JSON, {@code duplicate} ones repeat an earlier record. */
  record Event(String topic, String key, String id, String value, boolean duplicate, boolean bad, boolean report) {}

  private final ObjectMapper json = new ObjectMapper();
  private final String prefix;
  private final Random random;
  private int sequence;

  EventStream(String prefix, long seed) {
    this.prefix = prefix;
    this.random = new Random(seed);
  }

  /** The source reference of this stream's reports start with this: {@code qzjw:R<prefix>-}. */
  String referencePrefix() {
    return UNIT + ":R" + prefix + "-";
  }

  String idPrefix() {
    return prefix + "-";
  }

  List<Event> reports(int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(report());
    }
    return events;
  }

  /**
   * {@code total} records: half reports, 3 % duplicates, 2 % malformed, the rest escalations spread
   * over {@code problems}; shuffled, each duplicate after its original.
   */
  List<Event> generate(int total, List<String> problems) {
    int duplicates = total * 3 / 100;
    int bad = Math.max(2, total * 2 / 100);
    int reports = total / 2;
    int escalations = total - reports - duplicates - bad;
    List<Event> events = new ArrayList<>(total);
    for (int i = 0; i < reports; i++) {
      events.add(report());
    }
    for (int i = 0; i < escalations; i++) {
      events.add(escalation(problems.get(i % problems.size())));
    }
    for (int i = 0; i < bad; i++) {
      String id = nextId();
      events.add(new Event(REPORTED, prefix + "-bad-" + id, id,
          "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"data\":{\"title\":", false, true, false));
    }
    Collections.shuffle(events, random);
    for (int i = 0; i < duplicates; i++) {
      int original;
      do {
        original = random.nextInt(events.size());
      } while (events.get(original).bad() || events.get(original).duplicate());
      Event e = events.get(original);
      events.add(original + 1 + random.nextInt(events.size() - original),
          new Event(e.topic(), e.key(), e.id(), e.value(), true, false, e.report()));
    }
    return events;
  }

  private String nextId() {
    return prefix + "-" + (++sequence);
  }

  private ObjectNode envelope(String type, String subject) {
    ObjectNode e = json.createObjectNode();
    e.put("specversion", "1.0");
    e.put("id", nextId());
    e.put("source", "/units/" + UNIT);
    e.put("type", type);
    // the ISO formatter always prints seconds; OffsetDateTime.toString() drops ":00", which the schema refuses
    e.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0)));
    e.put("datacontenttype", "application/json");
    if (subject != null) {
      e.put("subject", subject);
    }
    return e;
  }

  private Event report() {
    ObjectNode e = envelope(REPORTED, null);
    String reference = "R" + e.get("id").asText();
    ObjectNode data = e.putObject("data");
    data.put("reference", reference);
    data.put("title", "长滨路沿线老旧小区配套停车场项目审批滞后（集群测试 " + sequence + "）");
    data.put("description", "按照“十项行动”第4项重点任务，停车场应于6月底前开工；可研报告1月报送区发改委，至今未获批复，施工招标无法启动。");
    data.put("taskNumber", 4);
    data.put("actionNumber", 2);
    data.put("suggestedCategory", "COORDINATION");
    return new Event(REPORTED, UNIT + ":" + reference, e.get("id").asText(), e.toString(), false, false, true);
  }

  private Event escalation(String problemKey) {
    ObjectNode e = envelope(ESCALATION, problemKey);
    e.putObject("data").put("reason", "区发改委仍未安排评审，项目已错过原定招标窗口，申请提请区领导小组督办（" + sequence + "）。");
    return new Event(ESCALATION, problemKey, e.get("id").asText(), e.toString(), false, false, false);
  }

  /** Sends asynchronously (the producer buffers and retries while the broker is away). */
  static void send(KafkaProducer<String, String> producer, List<Event> events, String secret) {
    for (Event e : events) {
      ProducerRecord<String, String> record = new ProducerRecord<>(e.topic(), e.key(), e.value());
      record.headers().add(SIGNATURE_HEADER, sign(secret, e.topic(), e.key(), e.value()));
      producer.send(record);
    }
  }

  /**
   * The unit's signature as org.bihuan.events.SourceSignatures verifies it: base64 of
   * HMAC-SHA256(secret, topic + "\n" + key + "\n" + time + "\n" + value), time as written in the
   * event. Hand-written here because that class is package-private; keep the two in step when the
   * signing format changes.
   */
  static byte[] sign(String secret, String topic, String key, String value) {
    String time;
    try {
      time = SIGNING_JSON.readTree(value).path("time").asText("");
    } catch (java.io.IOException e) {
      time = "";
    }
    String signingString = topic + "\n" + (key == null ? "" : key) + "\n" + time + "\n" + value;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encode(mac.doFinal(signingString.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ObjectMapper SIGNING_JSON = new ObjectMapper();
}
