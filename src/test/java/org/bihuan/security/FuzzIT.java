package org.bihuan.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.bihuan.support.TestKafka;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Generated bad input, bounded and seeded, through every way in: filings on {@code POST /api/problems},
 * plan imports (dry runs: a real import would replace the other tests' catalogue), task completion and
 * task form submission on {@code /engine-rest}, and records on each inbound Kafka topic. Asserted: no
 * 5xx; every 4xx is problem details; a refused completion leaves its task and problem as they were;
 * every record is applied, parked or dead-lettered with a reason; health stays UP; no problem without
 * its process and no loop process without its problem. The totals are in docs/security.md.
 */
@BihuanTest
class FuzzIT {

  static final long SEED = 20261202L;
  static final int FILINGS = 500;
  static final int IMPORTS = 100;
  static final int COMPLETIONS = 400;
  static final int RECORDS_PER_TOPIC = 60;
  /** The longest accepted text generated: the documented maximum of a description. */
  static final int LONG_TEXT = 4000;
  static final List<String> INBOUND = List.of("problem-reported", "progress-reported", "resolution-reported",
      "escalation-requested", "extension-requested", "indicator-reported");

  @LocalServerPort int port;
  @Autowired LoopDriver loop;
  @Autowired TaskService tasks;
  @Autowired JdbcClient jdbc;

  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  final Random random = new Random(SEED);
  final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
  final List<String> failures = new ArrayList<>();
  final Set<String> filedKeys = new HashSet<>();
  String reporter;

  @Test
  void noGeneratedInputBreaksTheApplication() throws Exception {
    reporter = loop.unitCode("区住建委");
    long start = System.nanoTime();

    Map<String, Long> seconds = new LinkedHashMap<>();
    long t = System.nanoTime();
    fuzzFilings();
    seconds.put("filings", (System.nanoTime() - t) / 1_000_000_000L);
    t = System.nanoTime();
    fuzzImports();
    seconds.put("imports", (System.nanoTime() - t) / 1_000_000_000L);
    t = System.nanoTime();
    fuzzCompletions();
    seconds.put("completions", (System.nanoTime() - t) / 1_000_000_000L);
    t = System.nanoTime();
    Map<String, Integer> records = fuzzInboundTopics();
    seconds.put("records", (System.nanoTime() - t) / 1_000_000_000L);

    assertThat(failures).as("answers that broke the rules").isEmpty();
    statuses.values().forEach(byStatus -> assertThat(byStatus.keySet()).allMatch(status -> status < 500));
    assertThat(get(null, "/actuator/health").body()).contains("\"status\":\"UP\"");
    assertNothingHalfApplied();
    System.out.printf("FuzzIT seed %d in %.0f s %s: HTTP %s; Kafka records %s%n", SEED,
        (System.nanoTime() - start) / 1e9, seconds, statuses, records);
  }

  // ---- POST /api/problems ------------------------------------------------------------------------

  private void fuzzFilings() throws Exception {
    for (int i = 0; i < FILINGS; i++) {
      String body;
      if (random.nextInt(10) == 0) {
        body = junkJson();
      } else {
        ObjectNode filing = JsonNodeFactory.instance.objectNode()
            .put("title", "模糊测试" + i).put("description", "生成的输入").put("taskNumber", 1);
        List<String> fields = List.of("title", "description", "taskNumber", "actionNumber", "reporterUnit",
            "suggestedCategory", "sourceRef", "unknownField");
        for (int m = 1 + random.nextInt(3); m > 0; m--) {
          String field = fields.get(random.nextInt(fields.size()));
          if (random.nextInt(5) == 0) {
            filing.remove(field);
          } else {
            filing.set(field, value(field));
          }
        }
        body = filing.toString();
      }
      HttpResponse<String> answer = send(reporter, "POST", "/api/problems", contentType("application/json"), body);
      check("POST /api/problems", answer, body);
      if (answer.statusCode() == 201) {
        filedKeys.add(json.readTree(answer.body()).path("key").asText());
      }
    }
  }

  // ---- POST /api/catalog/import ------------------------------------------------------------------

  private void fuzzImports() throws Exception {
    List<String> plan = Files.readAllLines(Path.of("src/main/resources/plans/yuzhong-ten-actions-2023.txt"));
    for (int i = 0; i < IMPORTS; i++) {
      List<String> lines = new ArrayList<>(plan);
      for (int m = 1 + random.nextInt(6); m > 0 && !lines.isEmpty(); m--) {
        int at = random.nextInt(lines.size());
        switch (random.nextInt(7)) {
          case 0 -> lines.remove(at);
          case 1 -> lines.add(at, lines.get(random.nextInt(lines.size())));
          case 2 -> lines.set(at, insertAt(lines.get(at), text()));
          case 3 -> lines.set(at, lines.get(at).substring(0, random.nextInt(lines.get(at).length() + 1)));
          case 4 -> lines.add(at, (random.nextInt(60) + 1) + "．任务（牵头单位：" + unitList() + "）");
          case 5 -> lines.subList(at, lines.size()).clear();
          default -> java.util.Collections.swap(lines, at, random.nextInt(lines.size()));
        }
      }
      String body = random.nextInt(15) == 0 ? text() : String.join(random.nextBoolean() ? "\n" : "\r\n", lines);
      HttpResponse<String> answer = send("admin", "POST", "/api/catalog/import?dryRun=true",
          contentType("text/plain;charset=UTF-8"), body);
      check("POST /api/catalog/import", answer, body.length() + " characters");
    }
  }

  // ---- task completion on /engine-rest ----------------------------------------------------------

  private void fuzzCompletions() throws Exception {
    List<String> open = new ArrayList<>();
    for (int i = 0; i < COMPLETIONS; i++) {
      if (open.isEmpty()) {
        HttpResponse<String> filed = send(reporter, "POST", "/api/problems", "application/json",
            "{\"title\":\"完成模糊测试" + i + "\",\"description\":\"d\",\"taskNumber\":1}");
        String key = json.readTree(filed.body()).path("key").asText();
        filedKeys.add(key);
        open.add(loop.task(key, "userTask_triage").getId());
      }
      String taskId = open.get(random.nextInt(open.size()));
      String instance = tasks.createTaskQuery().taskId(taskId).singleResult().getProcessInstanceId();
      String path = "/engine-rest/task/" + taskId + (random.nextBoolean() ? "/complete" : "/submit-form");
      String body = random.nextInt(12) == 0 ? junkJson() : JsonNodeFactory.instance.objectNode()
          .set("variables", random.nextInt(3) == 0 ? plausibleTriage() : variables()).toString();
      HttpResponse<String> answer = send("wg01", "POST", path, contentType("application/json"), body);
      check("POST /engine-rest/task/{id}/complete|submit-form", answer, body);
      boolean taskOpen = tasks.createTaskQuery().taskId(taskId).count() == 1;
      String stage = jdbc.sql("select stage from bihuan.problem where process_instance_id = ?").param(instance)
          .query(String.class).single();
      if (answer.statusCode() == 204 || answer.statusCode() == 200) {
        open.remove(taskId);
        expect(!taskOpen && !"TRIAGE".equals(stage), "completed triage left task open or stage " + stage, body);
      } else {
        expect(taskOpen && "TRIAGE".equals(stage), "refused completion changed task or stage " + stage, body);
      }
    }
  }

  /** A triage the form could have sent, with at most one generated change: reaches the success paths. */
  private ObjectNode plausibleTriage() {
    ObjectNode variables = JsonNodeFactory.instance.objectNode();
    switch (random.nextInt(4)) {
      case 0 -> {
        variables.putObject("triageDecision").put("value", "ACCEPT");
        variables.putObject("category").put("value", "EXECUTION");
      }
      case 1 -> {
        variables.putObject("triageDecision").put("value", "REJECT");
        variables.putObject("rejectReason").set("value", value("rejectReason"));
      }
      case 2 -> {
        variables.putObject("triageDecision").put("value", "MORE_INFO");
        variables.putObject("infoRequest").set("value", value("infoRequest"));
      }
      default -> {
        variables.putObject("triageDecision").put("value", "MERGE");
        variables.putObject("duplicateOf").put("value", filedKeys.stream().findAny().orElse("BH-1-1"));
      }
    }
    if (random.nextInt(3) == 0) {
      variables.setAll(variables());
    }
    return variables;
  }

  private ObjectNode variables() {
    ObjectNode variables = JsonNodeFactory.instance.objectNode();
    List<String> names = List.of("triageDecision", "category", "rejectReason", "duplicateOf", "infoRequest",
        "workingGroup", "analysisGroup", "title", "x", "");
    List<String> decisions = List.of("ACCEPT", "REJECT", "MERGE", "MORE_INFO", "accept", "");
    for (int n = random.nextInt(5); n >= 0; n--) {
      String name = names.get(random.nextInt(names.size()));
      ObjectNode variable = variables.putObject(name);
      JsonNode value = switch (name) {
        case "triageDecision" -> random.nextInt(4) > 0 ? json.getNodeFactory().textNode(
            decisions.get(random.nextInt(decisions.size()))) : value(name);
        case "category" -> random.nextInt(3) > 0 ? json.getNodeFactory().textNode("EXECUTION") : value(name);
        case "duplicateOf" -> random.nextBoolean() ? json.getNodeFactory().textNode(
            filedKeys.stream().findAny().orElse("BH-1-1")) : value(name);
        default -> value(name);
      };
      variable.set("value", value);
      if (random.nextInt(3) == 0) {
        List<String> types = List.of("String", "Integer", "Long", "Double", "Boolean", "Json", "Object", "Date",
            "Null", "Bytes", "File", "Xml", "Nonsense");
        variable.put("type", types.get(random.nextInt(types.size())));
      }
      if (random.nextInt(10) == 0) {
        variable.putObject("valueInfo").put("objectTypeName", "java.util.ArrayList")
            .put("serializationDataFormat", random.nextBoolean() ? "application/json" : "application/x-java-serialized-object");
      }
    }
    return variables;
  }

  // ---- inbound Kafka topics ----------------------------------------------------------------------

  private Map<String, Integer> fuzzInboundTopics() throws Exception {
    Map<String, Object> producerProps = new LinkedHashMap<>(KafkaTestUtils.producerProps(TestKafka.bootstrapServers()));
    Map<String, Object> consumerProps = KafkaTestUtils.consumerProps(TestKafka.bootstrapServers(),
        "fuzz-" + UUID.randomUUID(), "true");
    consumerProps.put("auto.offset.reset", "earliest");
    consumerProps.put("metadata.max.age.ms", "500");
    Map<String, String> fuzzIds = new ConcurrentHashMap<>(); // fuzz id -> topic
    Map<String, String[]> sourceAndId = new ConcurrentHashMap<>();
    List<ConsumerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    String someProblem = filedKeys.stream().sorted().findFirst().orElse("BH-2026-000001");
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaConsumer<byte[], byte[]> dlt =
            new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      dlt.subscribe(INBOUND.stream().map(t -> "bihuan." + t + ".v1.DLT").toList());
      for (String type : INBOUND) {
        ObjectNode example = (ObjectNode) json.readTree(Files.readString(Path.of("kafka/examples/" + type + ".json")));
        for (int i = 0; i < RECORDS_PER_TOPIC; i++) {
          String fuzzId = type + "-" + i;
          ObjectNode event = example.deepCopy();
          event.put("id", "fuzz-" + UUID.randomUUID());
          event.put("source", "/units/" + reporter);
          if (!type.equals("problem-reported") && !type.equals("indicator-reported")) {
            event.put("subject", random.nextInt(4) > 0 ? someProblem : "BH-2026-" + random.nextInt(1_000_000));
          }
          if (type.equals("problem-reported")) {
            ((ObjectNode) event.get("data")).put("reference", "fuzz-" + UUID.randomUUID());
          }
          mutateEvent(event);
          String key = event.path("subject").isTextual() ? event.path("subject").asText()
              : reporter + ":" + event.path("data").path("reference").asText();
          byte[] value = switch (random.nextInt(25)) {
            case 0 -> junkJson().getBytes(StandardCharsets.UTF_8);
            case 1 -> new byte[0];
            case 2 -> ("{\"pad\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 3 -> randomBytes();
            default -> event.toString().getBytes(StandardCharsets.UTF_8);
          };
          ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("bihuan." + type + ".v1",
              random.nextInt(10) == 0 ? randomBytes() : key.getBytes(StandardCharsets.UTF_8), value);
          record.headers().add("fuzz-id", fuzzId.getBytes(StandardCharsets.UTF_8));
          if (random.nextInt(15) == 0) {
            record.headers().add("bihuan-signature", randomBytes());
          }
          producer.send(record).get();
          fuzzIds.put(fuzzId, type);
          // PostgreSQL text holds no NUL: such a record cannot be in the inbox, it must be dead-lettered
          if (event.path("source").isTextual() && event.path("id").isTextual()
              && !(event.path("source").asText() + event.path("id").asText()).contains("\u0000")) {
            sourceAndId.put(fuzzId, new String[] {event.path("source").asText(), event.path("id").asText()});
          }
        }
      }
      Map<String, String> unaccounted = new ConcurrentHashMap<>(fuzzIds);
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        dlt.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
        for (ConsumerRecord<byte[], byte[]> dead : deadLetters) {
          String fuzzId = header(dead, "fuzz-id");
          if (fuzzId != null) {
            String reason = header(dead, "bihuan-dlt-reason");
            expect(reason != null && !reason.isBlank(), "dead letter without reason", fuzzId);
            unaccounted.remove(fuzzId);
          }
        }
        for (String fuzzId : List.copyOf(unaccounted.keySet())) {
          String[] ids = sourceAndId.get(fuzzId);
          if (ids != null && jdbc.sql("select count(*) from bihuan.inbox_event where source = ? and id = ?")
              .params(ids[0], ids[1]).query(Integer.class).single() > 0) {
            unaccounted.remove(fuzzId);
          }
        }
        assertThat(unaccounted).as("records neither applied, parked nor dead-lettered").isEmpty();
      });
    }
    Map<String, Integer> totals = new TreeMap<>();
    deadLetters.stream().filter(r -> header(r, "fuzz-id") != null)
        .forEach(r -> totals.merge("DLT " + header(r, "bihuan-dlt-reason"), 1, Integer::sum));
    totals.put("produced", fuzzIds.size());
    return totals;
  }

  private void mutateEvent(ObjectNode event) {
    List<String> envelope = List.of("specversion", "id", "source", "type", "time", "datacontenttype", "subject", "data");
    for (int m = random.nextInt(4); m > 0; m--) {
      ObjectNode target = random.nextBoolean() && event.path("data").isObject() ? (ObjectNode) event.get("data") : event;
      List<String> fields = new ArrayList<>();
      target.fieldNames().forEachRemaining(fields::add);
      if (target == event) {
        fields = envelope;
      }
      if (fields.isEmpty()) {
        continue;
      }
      String field = fields.get(random.nextInt(fields.size()));
      if (random.nextInt(4) == 0) {
        target.remove(field);
      } else {
        target.set(field, value(field));
      }
    }
  }

  // ---- generated values --------------------------------------------------------------------------

  private JsonNode value(String field) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (random.nextInt(12)) {
      case 0 -> nodes.nullNode();
      case 1 -> nodes.numberNode(List.of(0L, -1L, 1L, 4L, 60L, 2147483648L, Long.MAX_VALUE, 4294967297L).get(random.nextInt(8)));
      case 2 -> nodes.numberNode(random.nextBoolean() ? 1.5 : 1e300);
      case 3 -> nodes.booleanNode(random.nextBoolean());
      case 4 -> nodes.arrayNode().add(text()).add(1);
      case 5 -> nodes.objectNode().put(field, text());
      default -> nodes.textNode(text());
    };
  }

  private String text() {
    return switch (random.nextInt(14)) {
      case 0 -> "";
      case 1 -> "   ";
      case 2 -> "含\u0000空字符";
      case 3 -> "控制\u0001\u001f\t\n字符";
      case 4 -> "长".repeat(List.of(200, 201, LONG_TEXT, 4001, 5000).get(random.nextInt(5)));
      case 5 -> "'; drop table bihuan.problem; --";
      case 6 -> "<script>alert(1)</script>";
      case 7 -> "emoji 😀 and lone \ud800 surrogate";
      case 8 -> "BH-2026-" + random.nextInt(1_000_000);
      case 9 -> List.of("ACCEPT", "REJECT", "EXECUTION", "POLICY_GAP", "RESOLVED", "qzjw", "wg-01").get(random.nextInt(7));
      case 10 -> "2026-" + random.nextInt(20) + "-" + random.nextInt(40);
      case 11 -> unitList();
      default -> randomChinese(1 + random.nextInt(60));
    };
  }

  private String unitList() {
    int n = 1 + random.nextInt(900);
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> random.nextBoolean() ? "区第" + i + "局" : "区委" + i + "部（区" + i + "办）")
        .collect(Collectors.joining("、"));
  }

  private String randomChinese(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(0x4e00 + random.nextInt(0x9fa5 - 0x4e00));
    }
    return text.toString();
  }

  private String junkJson() {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> "null";
      case 2 -> "[]";
      case 3 -> "{\"title\":";
      case 4 -> "[".repeat(5000) + "]".repeat(5000);
      case 5 -> "{\"title\":\"\\ud800\",\"description\":\"\\u0000\"}";
      case 6 -> "{\"variables\":{\"a\":{\"value\":" + "{\"b\":".repeat(2000) + "1" + "}".repeat(2001) + "}}";
      default -> new String(randomBytes(), StandardCharsets.ISO_8859_1);
    };
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[random.nextInt(200)];
    random.nextBytes(bytes);
    return bytes;
  }

  private String insertAt(String line, String inserted) {
    int at = random.nextInt(line.length() + 1);
    return line.substring(0, at) + inserted + line.substring(at);
  }

  private String contentType(String usual) {
    return random.nextInt(20) == 0
        ? List.of("*/*", "text/html", "application/xml", "application/json;charset=latin1", "multipart/form-data",
            "application/x-www-form-urlencoded").get(random.nextInt(6))
        : usual;
  }

  // ---- checks ------------------------------------------------------------------------------------

  private void check(String target, HttpResponse<String> answer, String input) {
    int status = answer.statusCode();
    statuses.computeIfAbsent(target, t -> new TreeMap<>()).merge(status, 1, Integer::sum);
    expect(status < 500, target + " answered " + status + ": " + abbreviated(answer.body()), input);
    if (status >= 400) {
      expect(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
          target + " answered " + status + " without problem details: " + abbreviated(answer.body()), input);
    }
  }

  private void expect(boolean condition, String what, String input) {
    if (!condition) {
      failures.add(what + " <- " + abbreviated(input));
    }
  }

  private void assertNothingHalfApplied() {
    assertThat(jdbc.sql("select key from bihuan.problem where process_instance_id is null").query(String.class).list())
        .as("problems without their process").isEmpty();
    assertThat(jdbc.sql("""
        select id_ from public.act_hi_procinst i
        where proc_def_key_ = 'closed-loop-issue'
          and not exists (select 1 from bihuan.problem p where p.key = i.business_key_)""").query(String.class).list())
        .as("loop processes without their problem").isEmpty();
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String abbreviated(String text) {
    return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }

  private HttpResponse<String> get(String user, String path) throws Exception {
    return send(user, "GET", path, null, null);
  }

  private HttpResponse<String> send(String user, String method, String path, String contentType, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (user != null) {
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
