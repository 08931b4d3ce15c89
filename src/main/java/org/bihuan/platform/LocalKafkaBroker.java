package org.bihuan.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, broker and controller in one) run in-process with Kafka's own server
 * classes — what {@code kafka-storage.sh format} and {@code kafka-server-start.sh} do — on a log
 * directory that is kept between runs: topics, records and committed offsets survive a restart, and
 * a {@code kill -9} loses nothing that was acknowledged.
 *
 * <p>Durability: with one broker, {@code acks=all} means "appended to the page cache of this
 * machine". A killed JVM leaves the page cache to the kernel, which writes it out; a machine crash or
 * power loss does not. So every append is also fsynced before it is acknowledged
 * ({@code log.flush.interval.messages=1}), which a production cluster replaces by replication. The
 * metadata log is fsynced by the KRaft quorum itself.
 *
 * <p>The controller listener takes a free port at each start: with a static voter set (KRaft version
 * 0) its address is configuration, not data, so it may change between runs.
 */
public final class LocalKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final Path logDirectory;
  private final int port;
  private KafkaRaftServer server;

  private LocalKafkaBroker(Path logDirectory, int port) {
    this.logDirectory = logDirectory.toAbsolutePath().normalize();
    this.port = port;
  }

  /**
   * Formats {@code logDirectory} on first use, then starts the broker on 127.0.0.1:{@code port}.
   *
   * @param portKey the configuration key that sets the port, named when the port is taken
   */
  public static LocalKafkaBroker start(Path logDirectory, int port, String portKey) {
    LocalPorts.requireFree(port, portKey);
    LocalKafkaBroker broker = new LocalKafkaBroker(logDirectory, port);
    broker.startServer();
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public Path logDirectory() {
    return logDirectory;
  }

  private void startServer() {
    int controllerPort = LocalPorts.anyFree();
    KafkaConfig config = KafkaConfig.fromProps(brokerProperties(controllerPort));
    formatIfNew(config);
    server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("Embedded Kafka broker did not start on " + bootstrapServers()
          + " with log directory " + logDirectory, e);
    }
  }

  private java.util.Properties brokerProperties(int controllerPort) {
    Map<String, String> settings = new HashMap<>();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", String.valueOf(NODE_ID));
    settings.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    settings.put("controller.listener.names", CONTROLLER_LISTENER);
    settings.put("inter.broker.listener.name", "PLAINTEXT");
    settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    settings.put("log.dirs", logDirectory.toString());
    // topics come from kafka/topics.yaml, never from a typo in a client
    settings.put("auto.create.topics.enable", "false");
    // one broker: internal topics cannot have more replicas than that
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    // one consumer group: a few offsets partitions keep first start and crash recovery short
    settings.put("offsets.topic.num.partitions", "6");
    settings.put("group.initial.rebalance.delay.ms", "0");
    // acknowledged = on disk, see the class comment
    settings.put("log.flush.interval.messages", "1");
    java.util.Properties properties = new java.util.Properties();
    properties.putAll(settings);
    return properties;
  }

  private void formatIfNew(KafkaConfig config) {
    if (Files.exists(logDirectory.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(logDirectory);
      restrictToOwner(logDirectory);
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      new Formatter()
          .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(logDirectory.toString())
          .run();
      log.info("Formatted a new Kafka log directory {}: {}", logDirectory, output.toString(StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka log directory " + logDirectory, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka log directory " + logDirectory, e);
    }
  }

  private static void restrictToOwner(Path directory) throws IOException {
    if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Controlled shutdown: the log directory is closed cleanly and kept. */
  @Override
  public synchronized void close() {
    if (server != null) {
      KafkaRaftServer stopping = server;
      server = null;
      stopping.shutdown();
      stopping.awaitShutdown();
    }
  }
}
