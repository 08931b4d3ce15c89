package org.bihuan.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker as its own process: Kafka's own server ({@code kafka.Kafka}, from the
 * kafka_2.13 jar on the test classpath) in KRaft combined mode (broker and controller in one
 * process), storage formatted by Kafka's {@code kafka.tools.StorageTool}. Killed and started again
 * on the same ports and log directory, as a broker restart in production.
 */
final class KafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

  private final Path dir;
  private final int port = ChildJvm.freePort();
  private final int controllerPort = ChildJvm.freePort();
  private final Path properties;
  private final Path logFile;
  private Process process;

  KafkaBroker(Path dir) {
    this.dir = dir;
    this.properties = dir.resolve("server.properties");
    this.logFile = dir.resolve("kafka.log");
    try {
      Files.createDirectories(dir);
      Files.writeString(properties, String.join("\n",
          "process.roles=broker,controller",
          "node.id=1",
          "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
          "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
          "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
          "controller.listener.names=CONTROLLER",
          "inter.broker.listener.name=PLAINTEXT",
          "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
          "log.dirs=" + dir.resolve("data"),
          "auto.create.topics.enable=false",
          "offsets.topic.replication.factor=1",
          "offsets.topic.num.partitions=6",
          "transaction.state.log.replication.factor=1",
          "transaction.state.log.min.isr=1",
          "group.initial.rebalance.delay.ms=0",
          "") );
      // Kafka logs through SLF4J; Logback is on the classpath and would print DEBUG without a file
      Files.writeString(dir.resolve("logback.xml"), """
          <configuration>
            <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
              <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
            </appender>
            <root level="INFO"><appender-ref ref="out"/></root>
          </configuration>
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChildJvm.run(List.of(javaBin(), "-cp", ChildJvm.classpath(), "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
        "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()),
        dir.resolve("format.log"), 120);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker process and waits until it answers a cluster description. */
  void start() {
    process = ChildJvm.start("kafka.Kafka",
        List.of("-Xms128m", "-Xmx384m", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + dir.resolve("logback.xml")),
        List.of(properties.toString()), logFile);
    try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
      await("Kafka broker on " + bootstrapServers()).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .failFast("Kafka exited; see " + logFile, () -> !process.isAlive())
          .ignoreExceptions()
          .until(() -> !admin.describeCluster().nodes().get().isEmpty());
    }
    log.info("Kafka broker (pid {}) on {}", process.pid(), bootstrapServers());
  }

  /** kill -9 */
  void kill() {
    log.info("kill -9 Kafka broker (pid {})", process.pid());
    ChildJvm.kill(process);
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    if (alive()) {
      ChildJvm.stop(process, 20);
    }
  }
}
