package org.bihuan.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bihuan.problem.LifecycleLog;
import org.bihuan.problem.LifecycleType;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.Problems;
import org.bihuan.problem.Stage;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.bihuan.support.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Departments' events end to end through a real broker: into the engine, out as lifecycle events,
 * exactly once in effect, bad events to their dead-letter topic without blocking the partition,
 * early events parked and applied later, indicators opening problems.
 */
@BihuanTest
class EventsIT {

  static final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
  static KafkaConsumer<String, String> observer;
  static Thread observing;

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired Problems problems;
  @Autowired LifecycleLog lifecycle;
  @Autowired LoopDriver loop;
  @Autowired JdbcClient jdbc;
  @Autowired InboundEvents inbound;
  @Autowired EventsHealthIndicator eventsHealth;
  @Autowired EventsProperties eventsProperties;
  final ObjectMapper json = new ObjectMapper();

  String reporter; // 区住建委
  String lead; // 区发改委

  /** Reads the lifecycle topic and every dead-letter topic for the whole class. */
  @BeforeAll
  static void observe() {
    Map<String, Object> props = KafkaTestUtils.consumerProps(TestKafka.bootstrapServers(), "events-it-" + UUID.randomUUID(), "true");
    props.put("auto.offset.reset", "earliest");
    // the topics may be created by the app after this subscription: find them quickly
    props.put("metadata.max.age.ms", "500");
    observer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    observer.subscribe(java.util.regex.Pattern.compile("bihuan\\.(issue-lifecycle\\.v1|.*\\.DLT)"));
    observing = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          observer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
      } catch (org.apache.kafka.common.errors.WakeupException stop) {
        // closing
      }
    }, "events-it-observer");
    observing.start();
  }

  @AfterAll
  static void stopObserving() throws InterruptedException {
    observer.wakeup();
    observing.join(5_000);
    observer.close();
  }

  @BeforeEach
  void units() {
    reporter = loop.unitCode("区住建委");
    lead = loop.unitCode("区发改委");
  }

  @Test
  void aReportedProblemStartsTheLoopAndItsLifecycleIsPublished() throws Exception {
    String reference = "ZJW-" + UUID.randomUUID();
    ObjectNode event = example("problem-reported", reporter, null);
    ((ObjectNode) event.get("data")).put("reference", reference);

    send("bihuan.problem-reported.v1", reporter + ":" + reference, event);

    ProblemRecord problem = awaitProblem(reporter + ":" + reference);
    assertThat(problem.source()).isEqualTo("EVENT");
    assertThat(problem.reporterUser()).isEqualTo("kafka:" + reporter);
    assertThat(loop.task(problem.key(), "userTask_triage")).isNotNull();
    ConsumerRecord<String, String> published = await().atMost(Duration.ofSeconds(20))
        .until(() -> lifecycleOf(problem.key()).stream().findFirst().orElse(null), r -> r != null);
    assertThat(published.key()).isEqualTo(problem.key());
    var cloudEvent = json.readTree(published.value());
    assertThat(cloudEvent.path("type").asText()).isEqualTo("bihuan.issue-lifecycle.v1");
    assertThat(cloudEvent.path("subject").asText()).isEqualTo(problem.key());
    assertThat(cloudEvent.path("data").path("lifecycle").asText()).isEqualTo("OPENED");
    assertThat(cloudEvent.path("id").asText()).isEqualTo(lifecycleIds(problem.key()).get(0));
  }

  @Test
  void theSameEventTwiceHasOneEffect() {
    String reference = "ZJW-" + UUID.randomUUID();
    ObjectNode event = example("problem-reported", reporter, null);
    ((ObjectNode) event.get("data")).put("reference", reference);

    send("bihuan.problem-reported.v1", reporter + ":" + reference, event);
    send("bihuan.problem-reported.v1", reporter + ":" + reference, event);
    ObjectNode sameReferenceNewId = event.deepCopy();
    sameReferenceNewId.put("id", "replayed-" + UUID.randomUUID());
    send("bihuan.problem-reported.v1", reporter + ":" + reference, sameReferenceNewId);

    awaitProblem(reporter + ":" + reference);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(jdbc.sql("select count(*) from bihuan.inbox_event where payload->'data'->>'reference' = ?")
            .param(reference).query(Long.class).single()).isEqualTo(2));
    assertThat(jdbc.sql("select count(*) from bihuan.problem where source_ref = ?").param(reporter + ":" + reference)
        .query(Long.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("select status from bihuan.inbox_event where id = ?").param(sameReferenceNewId.get("id").asText())
        .query(String.class).single()).isEqualTo("DUPLICATE");
  }

  @Test
  void badEventsGoToTheirDeadLetterTopicWithTheReasonAndDoNotBlockThePartition() {
    String key = "same-partition-key";
    String problemKey = filedByEvent();
    ObjectNode wrongType = example("problem-reported", reporter, null);
    wrongType.put("type", "bihuan.progress-reported.v1");
    ObjectNode invalid = example("problem-reported", reporter, null);
    ((ObjectNode) invalid.get("data")).put("colour", "red");
    ObjectNode unknownUnit = example("problem-reported", "nosuchunit", null);
    ObjectNode unknownProblem = example("progress-reported", reporter, "BH-1999-000001");
    ObjectNode notResponsible = example("escalation-requested", loop.unitCode("区科技局"), problemKey);
    ObjectNode oversize = example("problem-reported", reporter, null);
    ((ObjectNode) oversize.get("data")).put("description", "长".repeat(30_000));
    ObjectNode nulInText = example("problem-reported", reporter, null);
    ((ObjectNode) nulInText.get("data")).put("title", "含\u0000空字符的标题");

    sendRaw("bihuan.problem-reported.v1", key, "{not json");
    send("bihuan.problem-reported.v1", key, wrongType);
    send("bihuan.problem-reported.v1", key, invalid);
    send("bihuan.problem-reported.v1", key, unknownUnit);
    send("bihuan.problem-reported.v1", key, oversize);
    send("bihuan.problem-reported.v1", key, nulInText);
    send("bihuan.progress-reported.v1", key, unknownProblem);
    send("bihuan.escalation-requested.v1", key, notResponsible);
    String reference = "after-the-bad-ones-" + UUID.randomUUID();
    ObjectNode good = example("problem-reported", reporter, null);
    ((ObjectNode) good.get("data")).put("reference", reference);
    send("bihuan.problem-reported.v1", key, good);

    awaitProblem(reporter + ":" + reference);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetterReasons(key)).containsExactlyInAnyOrder(
        "malformed-json", "unknown-type", "schema-invalid", "schema-invalid", "unknown-unit", "oversize",
        "unknown-business-key", "source-not-authorised"));
    ConsumerRecord<String, String> dead = deadLetters(key).get(0);
    assertThat(header(dead, "kafka_dlt-original-topic")).startsWith("bihuan.");
    assertThat(header(dead, "kafka_dlt-original-offset")).isNotNull();
    assertThat(header(dead, "kafka_dlt-exception-message")).isNotBlank();
  }

  @Test
  void signedEventsAreVerifiedAndAnotherUnitsSignatureIsRefused() {
    String reference = "signed-" + UUID.randomUUID();
    ObjectNode signed = example("problem-reported", reporter, null);
    ((ObjectNode) signed.get("data")).put("reference", reference);
    ObjectNode spoofed = example("problem-reported", lead, null); // claims 区发改委, signed by 区住建委
    String key = "signature-" + UUID.randomUUID();

    sendSigned("bihuan.problem-reported.v1", key, spoofed, "demo-secret-" + reporter);
    sendSigned("bihuan.problem-reported.v1", key, signed, "demo-secret-" + reporter);

    assertThat(awaitProblem(reporter + ":" + reference).reporterUnitCode()).isEqualTo(reporter);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(deadLetterReasons(key)).containsExactly("source-not-authorised"));
  }

  @Test
  void aSignedRecordReplayedAfterTheWindowIsRefusedAsStale() {
    String key = "stale-" + UUID.randomUUID();
    ObjectNode replayed = example("problem-reported", reporter, null);
    ((ObjectNode) replayed.get("data")).put("reference", "stale-" + UUID.randomUUID());
    replayed.put("time", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusHours(7).toString());
    ObjectNode fresh = example("problem-reported", reporter, null);
    String reference = "fresh-" + UUID.randomUUID();
    ((ObjectNode) fresh.get("data")).put("reference", reference);

    sendSigned("bihuan.problem-reported.v1", key, replayed, "demo-secret-" + reporter, false);
    sendSigned("bihuan.problem-reported.v1", key, fresh, "demo-secret-" + reporter);

    awaitProblem(reporter + ":" + reference);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(deadLetterReasons(key)).containsExactly("stale-signature"));
    assertThat(problems.findBySourceRef("EVENT", reporter + ":" + replayed.get("data").get("reference").asText())).isEmpty();
  }

  private void sendSigned(String topic, String key, ObjectNode event, String secret) {
    sendSigned(topic, key, event, secret, true);
  }

  /** Signs as a unit's system does: topic, key, CloudEvents time and value (kafka/README.md). */
  private void sendSigned(String topic, String key, ObjectNode event, String secret, boolean now) {
    if (now) {
      event.put("time", OffsetDateTime.now(ZoneOffset.ofHours(8)).toString());
    }
    String value = event.toString();
    var record = new org.apache.kafka.clients.producer.ProducerRecord<String, String>(topic, key, value);
    record.headers().add(SourceSignatures.HEADER, java.util.Base64.getEncoder().encode(
        SourceSignatures.sign(secret, SourceSignatures.signingString(topic, key, event.path("time").asText(), value))));
    try {
      kafka.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A refused record near its dead-letter topic's size limit: its copy with a stack trace would
   * not fit (the broker refused it, retried without end), the copy with the reason and a short
   * message does.
   */
  @Test
  void aRefusedRecordNearTheSizeLimitIsDeadLetteredWithoutAStackTrace() throws Exception {
    String key = "poison-" + UUID.randomUUID();
    var poison = poison(key);
    int size = poison.value().getBytes(StandardCharsets.UTF_8).length + headerBytes(poison);
    withDeadLetterLimit("bihuan.problem-reported.v1.DLT", size + 1_500, () -> {
      kafka.send(poison).get();
      String reference = "after-poison-" + UUID.randomUUID();
      ObjectNode good = example("problem-reported", reporter, null);
      ((ObjectNode) good.get("data")).put("reference", reference);
      send("bihuan.problem-reported.v1", key, good);

      awaitProblem(reporter + ":" + reference);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetterReasons(key)).containsExactly("oversize"));
      ConsumerRecord<String, String> dead = deadLetters(key).get(0);
      assertThat(dead.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
      assertThat(header(dead, "kafka_dlt-exception-message")).startsWith("oversize: ").hasSizeLessThanOrEqualTo(300);
      assertThat(header(dead, "poison-header-0")).hasSize(1_000);
      assertThat(dead.value()).isEqualTo(poison.value());
    });
  }

  /**
   * A refused record that not even bare fits into its dead-letter topic: kept in the database by
   * topic, partition and offset, the partition moves on, and health shows it.
   */
  @Test
  void aRefusedRecordThatDoesNotFitIntoItsDeadLetterTopicIsKeptInTheDatabaseAndThePartitionMovesOn() throws Exception {
    String key = "poison-" + UUID.randomUUID();
    var poison = poison(key);
    withDeadLetterLimit("bihuan.problem-reported.v1.DLT", 30_000, () -> {
      var sent = kafka.send(poison).get().getRecordMetadata();
      String reference = "after-poison-" + UUID.randomUUID();
      ObjectNode good = example("problem-reported", reporter, null);
      ((ObjectNode) good.get("data")).put("reference", reference);
      send("bihuan.problem-reported.v1", key, good);

      awaitProblem(reporter + ":" + reference);
      Map<String, Object> kept = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
              "select reason, value, value_bytes, header_names from bihuan.dead_letter_fallback"
                  + " where topic = ? and kafka_partition = ? and kafka_offset = ?")
          .params(sent.topic(), sent.partition(), sent.offset()).query().listOfRows(), rows -> rows.size() == 1).get(0);
      assertThat(kept.get("reason")).isEqualTo("oversize");
      assertThat(kept.get("value")).as("an oversize value is not kept").isNull();
      assertThat(kept.get("value_bytes")).isEqualTo(poison.value().getBytes(StandardCharsets.UTF_8).length);
      assertThat((String) kept.get("header_names")).contains("poison-header-0");
      assertThat(deadLetters(key)).isEmpty();
      var health = eventsHealth.health();
      assertThat(health.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
      assertThat(health.getDetails()).containsKey("deadLetterFallback");
    });
  }

  /** A value over bihuan.events.max-event-bytes with a few KB of headers. */
  private org.apache.kafka.clients.producer.ProducerRecord<String, String> poison(String key) {
    ObjectNode event = example("problem-reported", reporter, null);
    ((ObjectNode) event.get("data")).put("description", "x".repeat(70_000));
    var record = new org.apache.kafka.clients.producer.ProducerRecord<String, String>("bihuan.problem-reported.v1", key,
        event.toString());
    for (int i = 0; i < 3; i++) {
      record.headers().add("poison-header-" + i, "h".repeat(1_000).getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  private static int headerBytes(org.apache.kafka.clients.producer.ProducerRecord<String, String> record) {
    int bytes = 0;
    for (Header h : record.headers()) {
      bytes += h.key().length() + h.value().length;
    }
    return bytes;
  }

  interface Action {
    void run() throws Exception;
  }

  /** Runs with a smaller max.message.bytes on a dead-letter topic, then restores the broker's. */
  private static void withDeadLetterLimit(String topic, int maxMessageBytes, Action action) throws Exception {
    var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
      admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
          new ConfigEntry("max.message.bytes", String.valueOf(maxMessageBytes)), AlterConfigOp.OpType.SET)))).all().get();
      await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(maxMessageBytes).equals(
          admin.describeConfigs(List.of(resource)).all().get().get(resource).get("max.message.bytes").value()));
      try {
        action.run();
      } finally {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
            new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();
      }
    }
  }

  /**
   * More than 100 events parked for a problem that stays in triage (the old retry took only the
   * 100 oldest) do not keep a genuine early event parked once its problem reaches resolution.
   */
  @Test
  void junkParkedEventsDoNotStarveAnEventWhoseProblemReachedItsStage() throws Exception {
    String junkUnit = loop.unitCode("区科技局");
    String target = filedByEvent();
    List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
    List<String> junkIds = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      ObjectNode junk = example("progress-reported", junkUnit, target);
      junkIds.add(junk.get("id").asText());
      sent.add(kafka.send("bihuan.progress-reported.v1", target, junk.toString()));
    }
    for (var future : sent) {
      future.get();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> parkedCount("/units/" + junkUnit, target) == 120);
    String problemKey = filedByEvent();
    ObjectNode early = example("resolution-reported", lead, problemKey);
    send("bihuan.resolution-reported.v1", problemKey, early);
    await().atMost(Duration.ofSeconds(20)).until(() -> "PARKED".equals(inboxStatus(early)));

    toResolution(problemKey);
    loop.signFor(lead, problemKey); // the unit's task waits for its report only after 签收

    await().atMost(Duration.ofSeconds(30)).until(() -> "APPLIED".equals(inboxStatus(early)));
    assertThat(problems.get(problemKey).stage()).isEqualTo(Stage.VERIFICATION);
    assertThat(parkedCount("/units/" + junkUnit, target)).isEqualTo(120);
  }

  @Test
  void aSourceThatHasParkedItsLimitIsRefusedAsParkLimit() {
    String unit = loop.unitCode("区商务委");
    String problemKey = filedByEvent();
    int limit = eventsProperties.maxParkedPerSource();
    jdbc.sql("""
        insert into bihuan.inbox_event (source, id, type, subject, topic, kafka_partition, kafka_offset, status, payload,
          received_at, parked_stage, attempts)
        select ?, 'filler-' || g, 'bihuan.progress-reported.v1', ?, 'bihuan.progress-reported.v1', 0, g, 'PARKED', '{}',
          now(), 'TRIAGE', 0
        from generate_series(1, ?) g
        """).params("/units/" + unit, problemKey, limit).update();
    try {
      ObjectNode oneMore = example("progress-reported", unit, problemKey);
      send("bihuan.progress-reported.v1", problemKey, oneMore);

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen.stream()
          .filter(r -> r.topic().equals("bihuan.progress-reported.v1.DLT") && r.value().contains(oneMore.get("id").asText()))
          .map(r -> header(r, "bihuan-dlt-reason"))).containsExactly("park-limit"));
      assertThat(inboxStatus(oneMore)).isNull();
    } finally {
      jdbc.sql("delete from bihuan.inbox_event where source = ? and id like 'filler-%'").param("/units/" + unit).update();
    }
  }

  private long parkedCount(String source, String subject) {
    return jdbc.sql("select count(*) from bihuan.inbox_event where source = ? and subject = ? and status = 'PARKED'")
        .params(source, subject).query(Long.class).single();
  }

  @Test
  void anEarlyResolutionIsParkedAndAppliedWhenTheUnitsTaskIsReached() {
    String problemKey = filedByEvent();
    ObjectNode early = example("resolution-reported", lead, problemKey);

    send("bihuan.resolution-reported.v1", problemKey, early);
    await().atMost(Duration.ofSeconds(20)).until(() -> "PARKED".equals(inboxStatus(early)));

    toResolution(problemKey);
    assertThat(inboxStatus(early)).as("the unit has not signed for it yet").isEqualTo("PARKED");
    signedFor(problemKey);

    await().atMost(Duration.ofSeconds(30)).until(() -> "APPLIED".equals(inboxStatus(early)));
    assertThat(problems.get(problemKey).stage()).isEqualTo(Stage.VERIFICATION);
    assertThat(problems.currentResolutionReports(problemKey)).extracting(r -> r.reportedBy()).containsExactly("kafka:" + lead);
  }

  @Test
  void aParkedEventThatWaitsTooLongGoesToTheDeadLetterTopic() {
    String problemKey = filedByEvent();
    ObjectNode early = example("extension-requested", lead, problemKey);
    send("bihuan.extension-requested.v1", problemKey, early);
    await().atMost(Duration.ofSeconds(20)).until(() -> "PARKED".equals(inboxStatus(early)));

    org.camunda.bpm.engine.impl.util.ClockUtil.offset(Duration.ofDays(8).toMillis());
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> "EXPIRED".equals(inboxStatus(early)));
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen.stream()
        .filter(r -> r.topic().equals("bihuan.extension-requested.v1.DLT") && r.value().contains(early.get("id").asText()))
        .map(r -> header(r, "bihuan-dlt-reason"))).containsExactly("expired-parked"));
  }

  private String inResolution() {
    String problemKey = filedByEvent();
    toResolution(problemKey);
    signedFor(problemKey);
    return problemKey;
  }

  private void toResolution(String problemKey) {
    loop.complete("wg02", problemKey, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    String analyst = LoopDriver.userOf(groupOf(problemKey, "userTask_analyse"));
    Map<String, Object> analysis = new java.util.HashMap<>();
    analysis.put("rootCause", "审批慢");
    analysis.put("category", "EXECUTION");
    analysis.put("leadUnit", lead);
    analysis.put("coUnits", List.of());
    analysis.put("measures", "专班推进");
    analysis.put("resolutionDeadline", LocalDate.now().plusDays(20).toString());
    analysis.put("needsPolicy", false);
    loop.complete(analyst, problemKey, "userTask_analyse", analysis);
  }

  private void signedFor(String problemKey) {
    ObjectNode signed = example("assignment-signed", lead, problemKey);
    send("bihuan.assignment-signed.v1", problemKey, signed);
    await().atMost(Duration.ofSeconds(30)).until(() -> "APPLIED".equals(inboxStatus(signed)));
  }

  private List<String> publishedLifecycle(String problemKey) throws Exception {
    List<String> types = new ArrayList<>();
    for (ConsumerRecord<String, String> record : lifecycleOf(problemKey)) {
      types.add(json.readTree(record.value()).path("data").path("lifecycle").asText());
    }
    return types;
  }

  @Test
  void aUnitSignsForItsAssignmentThroughKafkaOnceAndItsSignatureIsPublished() throws Exception {
    String problemKey = filedByEvent();
    toResolution(problemKey);
    ObjectNode signed = example("assignment-signed", lead, problemKey);

    send("bihuan.assignment-signed.v1", problemKey, signed);
    send("bihuan.assignment-signed.v1", problemKey, signed);

    await().atMost(Duration.ofSeconds(30)).until(() -> "APPLIED".equals(inboxStatus(signed)));
    assertThat(loop.task(problemKey, "userTask_resolve")).isNotNull();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(publishedLifecycle(problemKey)).contains("UNIT_SIGNED"));
    assertThat(lifecycle.history(problemKey)).filteredOn(e -> e.type() == LifecycleType.UNIT_SIGNED)
        .extracting(e -> e.actor()).containsExactly("kafka:" + lead);
  }

  @Test
  void aReturnThroughKafkaGoesToTheWorkingGroupAndOneWithoutReasonToTheDeadLetterTopic() {
    String problemKey = filedByEvent();
    toResolution(problemKey);
    ObjectNode blank = example("assignment-returned", lead, problemKey);
    ((ObjectNode) blank.get("data")).put("reason", "   ");
    ObjectNode returned = example("assignment-returned", lead, problemKey);

    send("bihuan.assignment-returned.v1", problemKey, blank);
    send("bihuan.assignment-returned.v1", problemKey, returned);

    await().atMost(Duration.ofSeconds(30)).until(() -> "APPLIED".equals(inboxStatus(returned)));
    assertThat(loop.candidateGroups(problemKey, "userTask_decideReturn")).contains("wg-02");
    assertThat(lifecycle.history(problemKey)).extracting(e -> e.type()).contains(LifecycleType.ASSIGNMENT_RETURNED);
    assertThat(inboxStatus(blank)).isNull();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen.stream()
        .filter(r -> r.topic().equals("bihuan.assignment-returned.v1.DLT") && r.value().contains(blank.get("id").asText()))
        .map(r -> header(r, "bihuan-dlt-reason"))).containsExactly("schema-invalid"));
  }

  @Test
  void progressEscalationAndExtensionEventsActThroughTheProcessAndArePublished() throws Exception {
    String problemKey = inResolution();

    send("bihuan.progress-reported.v1", problemKey, example("progress-reported", lead, problemKey));
    send("bihuan.escalation-requested.v1", problemKey, example("escalation-requested", reporter, problemKey));
    send("bihuan.extension-requested.v1", problemKey, example("extension-requested", lead, problemKey));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(publishedLifecycle(problemKey))
        .contains("PROGRESS_REPORTED", "ESCALATED", "EXTENSION_REQUESTED"));
    assertThat(loop.candidateGroups(problemKey, "userTask_coordinate")).contains("leading-group");
    assertThat(loop.candidateGroups(problemKey, "userTask_decideExtension")).contains("wg-02");
    assertThat(loop.task(problemKey, "userTask_resolve")).isNotNull();
  }

  /**
   * One poll, straight into the batch path (deterministic: a real broker may split the records over
   * several polls): one transaction, the events of a problem in their order across waves, refusals
   * that do not stop the batch and leave no inbox row.
   */
  @Test
  void aBatchIsAppliedInOneTransactionInOrderPerProblemAndRefusalsDoNotSplitIt() {
    String problemKey = inResolution();
    ObjectNode progress1 = example("progress-reported", lead, problemKey);
    ObjectNode progress2 = example("progress-reported", lead, problemKey);
    ((ObjectNode) progress2.get("data")).put("progress", "第二次进展");
    ObjectNode unknownProblem = example("escalation-requested", reporter, "BH-1999-000002");
    ObjectNode resolution = example("resolution-reported", lead, problemKey);
    ObjectNode lateProgress = example("progress-reported", lead, problemKey);
    String reference = "batch-" + UUID.randomUUID();
    ObjectNode filed = example("problem-reported", reporter, null);
    ((ObjectNode) filed.get("data")).put("reference", reference);
    List<ConsumerRecord<String, String>> batch = List.of(
        record("bihuan.progress-reported.v1", problemKey, progress1.toString()),
        record("bihuan.progress-reported.v1", problemKey, "{not json"),
        record("bihuan.progress-reported.v1", problemKey, progress2.toString()),
        record("bihuan.escalation-requested.v1", "BH-1999-000002", unknownProblem.toString()),
        record("bihuan.resolution-reported.v1", problemKey, resolution.toString()),
        record("bihuan.progress-reported.v1", problemKey, lateProgress.toString()),
        record("bihuan.problem-reported.v1", reporter + ":" + reference, filed.toString()),
        record("bihuan.progress-reported.v1", problemKey, progress1.toString()));

    InboundEvents.BatchResult result = inbound.handleBatch(batch);

    assertThat(result.failedIndex()).isEqualTo(-1);
    assertThat(result.refused()).extracting(r -> r.index() + ":" + r.reason().reason())
        .containsExactly("1:malformed-json", "3:unknown-business-key");
    assertThat(lifecycle.history(problemKey)).extracting(e -> e.type())
        .endsWith(LifecycleType.PROGRESS_REPORTED, LifecycleType.PROGRESS_REPORTED, LifecycleType.UNIT_REPORTED,
            LifecycleType.RESOLVED);
    assertThat(problems.notes(problemKey)).extracting(n -> n.text()).contains("第二次进展");
    assertThat(problems.get(problemKey).stage()).isEqualTo(Stage.VERIFICATION);
    assertThat(inboxStatus(progress1)).isEqualTo("APPLIED");
    assertThat(inboxStatus(lateProgress)).isEqualTo("PARKED"); // the unit's task is over
    assertThat(inboxStatus(unknownProblem)).isNull();
    assertThat(problems.findBySourceRef("EVENT", reporter + ":" + reference)).isPresent();
    // the applied rows were written by one transaction (the parked row is left out: the parked-event
    // retry may already have touched it, since its problem's stage changed)
    assertThat(jdbc.sql("select count(distinct xmin::text) from bihuan.inbox_event where id in (?, ?, ?, ?)")
        .params(progress1.get("id").asText(), progress2.get("id").asText(), resolution.get("id").asText(),
            filed.get("id").asText())
        .query(Long.class).single()).isEqualTo(1);
  }

  private static ConsumerRecord<String, String> record(String topic, String key, String value) {
    return new ConsumerRecord<>(topic, 0, OFFSETS.incrementAndGet(), key, value);
  }

  private static final java.util.concurrent.atomic.AtomicLong OFFSETS = new java.util.concurrent.atomic.AtomicLong(1_000_000);

  @Test
  void anOffTrackIndicatorOpensExactlyOneProblemAndLaterValuesAreRecordedOnIt() {
    String period = "2026";
    indicator("2025", 1500); // the baseline (another key, so possibly another partition: await it)
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
        "select count(*) from bihuan.indicator_reading where indicator_code = 'T01' and period = '2025'")
        .query(Long.class).single() == 1);
    indicator(period, 1550); // trajectory 1500 → 2100 in 2027 expects 1800 in 2026
    indicator(period, 1560);
    indicator(period, 1850);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        jdbc.sql("select count(*) from bihuan.indicator_reading where indicator_code = 'T01' and period = ?")
            .param(period).query(Long.class).single()).isEqualTo(3));
    List<String> opened = jdbc.sql("select key from bihuan.problem where indicator_code = 'T01' and indicator_period = ?")
        .param(period).query(String.class).list();
    assertThat(opened).hasSize(1);
    assertThat(problems.get(opened.get(0)).source()).isEqualTo("INDICATOR");
    assertThat(problems.notes(opened.get(0))).extracting(n -> n.kind()).containsExactly("INDICATOR_OFF_TRACK", "INDICATOR_ON_TRACK");
  }

  @Test
  void aRolledBackChangePublishesNothingAndAnUnsentCommittedChangeIsSentLater() {
    String problemKey = filedByEvent();
    await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleOf(problemKey).size() == 1); // OPENED
    try {
      loop.complete("wg02", problemKey, "userTask_triage", Map.of("triageDecision", "REJECT"));
    } catch (RuntimeException refusedWithoutReason) {
      // rolled back: no lifecycle row, nothing to publish
    }
    assertThat(lifecycle.history(problemKey)).extracting(e -> e.type()).containsExactly(LifecycleType.OPENED);

    // a change committed just before a crash: its row is in the outbox, unpublished
    UUID orphan = UUID.randomUUID();
    jdbc.sql("insert into bihuan.lifecycle_event (id, problem_key, type, stage, occurred_at, data) values (?, ?, 'ESCALATED', 'TRIAGE', now(), '{}')")
        .params(orphan, problemKey).update();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(lifecycleOf(problemKey).stream().map(ConsumerRecord::value)).anyMatch(v -> v.contains(orphan.toString())));
    assertThat(lifecycleOf(problemKey)).hasSize(2);
  }

  // ---------------------------------------------------------------------------------------------

  private String filedByEvent() {
    String reference = "ZJW-" + UUID.randomUUID();
    ObjectNode event = example("problem-reported", reporter, null);
    ((ObjectNode) event.get("data")).put("reference", reference);
    send("bihuan.problem-reported.v1", reporter + ":" + reference, event);
    return awaitProblem(reporter + ":" + reference).key();
  }

  private void indicator(String period, int value) {
    ObjectNode event = example("indicator-reported", lead, null);
    ((ObjectNode) event.get("data")).put("period", period).put("value", value);
    send("bihuan.indicator-reported.v1", "T01:" + period, event);
  }

  private String groupOf(String problemKey, String activity) {
    return loop.candidateGroups(problemKey, activity).get(0);
  }

  private ProblemRecord awaitProblem(String sourceRef) {
    return await().atMost(Duration.ofSeconds(30))
        .until(() -> problems.findBySourceRef("EVENT", sourceRef).orElse(null), p -> p != null);
  }

  private ObjectNode example(String type, String unit, String subject) {
    try {
      ObjectNode event = (ObjectNode) json.readTree(Files.readString(Path.of("kafka/examples/" + type + ".json")));
      event.put("id", type + "-" + UUID.randomUUID());
      event.put("source", "/units/" + unit);
      if (subject != null) {
        event.put("subject", subject);
      }
      return event;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void send(String topic, String key, ObjectNode event) {
    sendRaw(topic, key, event.toString());
  }

  private void sendRaw(String topic, String key, String value) {
    try {
      kafka.send(topic, key, value).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String inboxStatus(ObjectNode event) {
    return jdbc.sql("select status from bihuan.inbox_event where source = ? and id = ?")
        .params(event.get("source").asText(), event.get("id").asText()).query(String.class).optional().orElse(null);
  }

  private List<ConsumerRecord<String, String>> lifecycleOf(String problemKey) {
    return seen.stream().filter(r -> r.topic().equals("bihuan.issue-lifecycle.v1") && problemKey.equals(r.key())).toList();
  }

  private List<String> lifecycleIds(String problemKey) {
    return jdbc.sql("select id::text from bihuan.lifecycle_event where problem_key = ? order by seq").param(problemKey)
        .query(String.class).list();
  }

  private List<ConsumerRecord<String, String>> deadLetters(String key) {
    return seen.stream().filter(r -> r.topic().endsWith(".DLT") && key.equals(r.key())).toList();
  }

  private List<String> deadLetterReasons(String key) {
    List<String> reasons = new ArrayList<>();
    deadLetters(key).forEach(r -> reasons.add(header(r, "bihuan-dlt-reason")));
    return reasons;
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
