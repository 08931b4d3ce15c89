package org.bihuan.platform;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as {@code mvn spring-boot:run} runs it — a child JVM with the {@code demo} profile, its
 * in-process broker and embedded PostgreSQL on its own data directory — killed with {@code kill -9}
 * while it applies a stream of problem-reported events from a real producer, then started again on
 * the same directory: nothing acknowledged is lost and nothing is applied twice. Also: a second demo
 * on the same broker port refuses to start and says which key, and a graceful stop logs no ERROR.
 */
class DemoCrashIT {

  private static final int EVENTS = 400;
  private static final int FIRST_WAVE = 200;
  private static final String TOPIC = "bihuan.problem-reported.v1";
  private static final String UNIT = "qzjw";
  private static final Pattern ERROR_LINE = Pattern.compile("^\\S+\\s+ERROR\\s");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  @TempDir Path work;
  private final List<Demo> started = new ArrayList<>();

  @Test
  void aKilledDemoLosesNothingAndAppliesNothingTwice() throws Exception {
    Path dataDir = work.resolve("data");
    Ports ports = new Ports(LocalPorts.anyFree(), LocalPorts.anyFree(), LocalPorts.anyFree());

    // given: the demo runs and applies the first wave of events
    Demo first = Demo.start(dataDir, ports, work.resolve("first.log"), started);
    first.awaitReady();
    await("the demo's topics on its own broker").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .until(() -> partitions(ports.broker(), TOPIC), n -> n > 0);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<String, String> producer = producer(ports.broker())) {
      for (int i = 0; i < FIRST_WAVE; i++) {
        sent.add(producer.send(event(i)));
      }
      producer.flush();
      Database database = new Database(dataDir, ports.postgres());
      await("some events applied").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
          .ignoreExceptions().until(database::problemsFiled, n -> n >= 50);

      // when: more events are on their way and the JVM is killed in the middle of applying them
      for (int i = FIRST_WAVE; i < EVENTS; i++) {
        sent.add(producer.send(event(i)));
      }
      first.kill();
      long filedAtKill = database.problemsFiledOrMinusOne();
      ProcessHandle leftOver = OrphanPostmaster.livePostmaster(dataDir.resolve("postgres")).orElseThrow();

      // and the demo starts again on the same data directory
      Demo second = Demo.start(dataDir, ports, work.resolve("second.log"), started);
      second.awaitReady();
      assertThat(leftOver.isAlive()).as("the previous run's PostgreSQL was stopped, not reused").isFalse();
      assertThat(second.log()).contains("PostgreSQL (pid " + leftOver.pid() + ") is still running");

      // a producer that was not acknowledged retries, as a unit's system does: same event, same id
      producer.flush();
      int resent = 0;
      for (int i = 0; i < sent.size(); i++) {
        if (!acknowledged(sent.get(i))) {
          producer.send(event(i)).get(2, java.util.concurrent.TimeUnit.MINUTES);
          resent++;
        }
      }

      // then: every event applied exactly once
      await("all events applied").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions().until(database::problemsFiled, n -> n >= EVENTS);
      String context = "filed before the kill: " + filedAtKill + ", resent after it: " + resent;
      assertThat(database.problemsFiled()).as(context).isEqualTo(EVENTS);
      assertThat(database.count("select count(*) from bihuan.inbox_event where id like 'crash-%' and status = 'APPLIED'"))
          .as(context).isEqualTo(EVENTS);
      assertThat(database.count("select count(*) from bihuan.inbox_event where id like 'crash-%'")).isEqualTo(EVENTS);
      assertThat(database.count("""
          select count(*) from act_hi_procinst where business_key_ in (select key from bihuan.problem
          where source = 'EVENT' and source_ref like 'qzjw:CRASH-%')""")).as("one process per problem").isEqualTo(EVENTS);
      assertThat(database.count("""
          select count(*) from bihuan.lifecycle_event where type = 'OPENED' and problem_key in (select key
          from bihuan.problem where source = 'EVENT' and source_ref like 'qzjw:CRASH-%')""")).isEqualTo(EVENTS);
      assertThat(deadLettered(ports.broker())).as("nothing refused as a repeat").isZero();

      // a second demo on the same broker port does not join this one
      Ports clash = new Ports(LocalPorts.anyFree(), ports.broker(), LocalPorts.anyFree());
      Demo intruder = Demo.start(work.resolve("other-data"), clash, work.resolve("intruder.log"), started);
      assertThat(intruder.process.waitFor(START_TIMEOUT.toSeconds(), SECONDS)).as("the intruder gave up").isTrue();
      assertThat(intruder.process.exitValue()).isNotZero();
      assertThat(intruder.log()).contains("bihuan.events.embedded-broker-port").contains(String.valueOf(ports.broker()));
      assertThat(database.problemsFiled()).isEqualTo(EVENTS);

      // a graceful stop logs no ERROR and leaves no server behind
      long before = Files.size(second.logFile);
      second.process.destroy();
      assertThat(second.process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
      String stopLog = Files.readString(second.logFile).substring((int) before);
      assertThat(stopLog.lines().filter(line -> ERROR_LINE.matcher(line).find()))
          .as("ERROR lines logged while stopping:%n%s", stopLog).isEmpty();
      assertThat(OrphanPostmaster.livePostmaster(dataDir.resolve("postgres"))).isEmpty();
    }
  }

  @AfterEach
  void stopWhatTheTestStarted() {
    started.forEach(demo -> demo.process.destroyForcibly());
    for (Demo demo : started) {
      try {
        demo.process.waitFor(60, SECONDS);
        OrphanPostmaster.stopIfRunning(demo.dataDir.resolve("postgres"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // best effort; the assertion that failed says more
      }
    }
  }

  private static ProducerRecord<String, String> event(int i) {
    String reference = "CRASH-%04d".formatted(i);
    String json = """
        {"specversion":"1.0","id":"crash-%04d","source":"/units/%s","type":"%s","time":"%s",
         "datacontenttype":"application/json",
         "data":{"reference":"%s","title":"崩溃测试问题 %d","description":"演示环境崩溃恢复测试：第 %d 条事件。",
                 "taskNumber":4,"actionNumber":2,"suggestedCategory":"EXECUTION"}}"""
        .formatted(i, UNIT, TOPIC, OffsetDateTime.now(), reference, i, i);
    return new ProducerRecord<>(TOPIC, UNIT + ":" + reference, json);
  }

  private static boolean acknowledged(Future<RecordMetadata> send) throws InterruptedException {
    try {
      send.get();
      return true;
    } catch (ExecutionException e) {
      return false;
    }
  }

  private static KafkaProducer<String, String> producer(int brokerPort) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPort,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        // long enough to ride over the restart of the demo and its broker
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) START_TIMEOUT.toMillis(),
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000,
        ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000,
        ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
  }

  private static int partitions(int brokerPort, String topic) {
    try (KafkaConsumer<String, String> consumer = consumer(brokerPort)) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      return partitions == null ? 0 : partitions.size();
    }
  }

  private static KafkaConsumer<String, String> consumer(int brokerPort) {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPort),
        new StringDeserializer(), new StringDeserializer());
  }

  private static long deadLettered(int brokerPort) {
    try (KafkaConsumer<String, String> consumer = consumer(brokerPort)) {
      List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC + ".DLT", Duration.ofSeconds(30));
      if (partitions == null || partitions.isEmpty()) {
        return 0;
      }
      return consumer.endOffsets(partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList())
          .values().stream().mapToLong(Long::longValue).sum();
    }
  }

  record Ports(int web, int broker, int postgres) {}

  /** The demo application in its own JVM, as {@code mvn spring-boot:run} starts it. */
  static final class Demo {

    final Process process;
    final Path dataDir;
    final Path logFile;
    final Ports ports;

    private Demo(Process process, Path dataDir, Path logFile, Ports ports) {
      this.process = process;
      this.dataDir = dataDir;
      this.logFile = logFile;
      this.ports = ports;
    }

    static Demo start(Path dataDir, Ports ports, Path logFile, List<Demo> started) throws IOException {
      List<String> command = List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g",
          // start-up dominates this test; the C1 compiler alone starts Spring and Camunda sooner
          "-XX:TieredStopAtLevel=1",
          "-cp", applicationClasspath(),
          "org.bihuan.BihuanApplication",
          "--spring.profiles.active=demo",
          "--bihuan.events.embedded-broker-port=" + ports.broker(),
          "--bihuan.embedded-postgres.port=" + ports.postgres());
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(logFile.toFile());
      Map<String, String> environment = builder.environment();
      // nothing of the test's own configuration may leak into the demo
      environment.keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("BIHUAN_"));
      environment.put("BIHUAN_DATA_DIR", dataDir.toString());
      environment.put("PORT", String.valueOf(ports.web()));
      Demo demo = new Demo(builder.start(), dataDir, logFile, ports);
      started.add(demo);
      return demo;
    }

    /** The main classpath of this JVM, without the test classes and their configuration. */
    private static String applicationClasspath() {
      return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
          .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
          .collect(Collectors.joining(File.pathSeparator));
    }

    void awaitReady() {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest readiness = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + ports.web() + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build();
      await("demo ready on port " + ports.web()).atMost(START_TIMEOUT).pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .failFast("the demo exited:\n" + tail(), () -> !process.isAlive())
          .until(() -> http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(60, SECONDS)).isTrue();
    }

    String log() throws IOException {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    }

    private String tail() {
      try {
        List<String> lines = Arrays.asList(log().split("\n"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }

  /** The demo's embedded database, read with the password the demo generated. */
  record Database(Path dataDir, int port) {

    long problemsFiled() throws SQLException {
      return count("select count(*) from bihuan.problem where source = 'EVENT' and source_ref like 'qzjw:CRASH-%'");
    }

    long problemsFiledOrMinusOne() {
      try {
        return problemsFiled();
      } catch (SQLException e) {
        return -1;
      }
    }

    long count(String sql) throws SQLException {
      String password = EmbeddedPostgresAccess.stored(dataDir.resolve("postgres.password")).orElseThrow();
      try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/bihuan",
              EmbeddedPostgresAccess.SUPERUSER, password);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
