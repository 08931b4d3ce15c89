package org.bihuan.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** What the benchmarks share: their database, broker, application arguments, machine facts and report. */
final class BenchSupport {

  private BenchSupport() {}

  static void log(String format, Object... args) {
    System.out.printf("bench: " + format + "%n", args);
  }

  /** Drops and creates {@code db} on the server of {@code pg} (a URL ending in '/'). */
  static void recreateDatabase(String pg, String user, String password, String db) throws SQLException {
    try (Connection c = DriverManager.getConnection(pg + "postgres", user, password); Statement s = c.createStatement()) {
      s.execute("drop database if exists " + db + " with (force)");
      s.execute("create database " + db);
    }
  }

  static void dropDatabase(String pg, String user, String password, String db) {
    try (Connection c = DriverManager.getConnection(pg + "postgres", user, password); Statement s = c.createStatement()) {
      s.execute("drop database if exists " + db + " with (force)");
    } catch (SQLException e) {
      log("could not drop %s: %s", db, e.getMessage());
    }
  }

  /** A real single-node KRaft broker in this JVM, 6 partitions per topic, topics created by Bihuan. */
  static EmbeddedKafkaKraftBroker startBroker() {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
    broker.brokerProperty("auto.create.topics.enable", "false");
    broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
    broker.afterPropertiesSet();
    log("Kafka (KRaft, in-process) at %s", broker.getBrokersAsString());
    return broker;
  }

  /**
   * Application settings as command-line arguments: {@code SpringApplicationBuilder.properties()}
   * are only defaults, which application.yaml (server.port, concurrency, max-poll-records…) overrides.
   */
  static String[] arguments(Map<String, Object> settings) {
    return settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }

  static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  /** Peak and current resident set of this JVM ({@code /proc/self/status}). */
  static String rss() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS"))
          .map(l -> l.replaceAll("\\s+", " ")).collect(Collectors.joining(", "));
    } catch (IOException e) {
      return "?";
    }
  }

  /** "N vCPU (model), M GiB RAM" from /proc; "?" where it is absent. */
  static String cpuAndMemory() {
    String cpu = "?";
    String mem = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
      mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
          .map(l -> (Long.parseLong(l.replaceAll("\\D", "")) >> 20) + " GiB").orElse("?");
    } catch (IOException e) {
      // not Linux
    }
    return String.format("%d vCPU (%s), %s RAM", Runtime.getRuntime().availableProcessors(), cpu, mem);
  }

  static String java() {
    return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
  }

  /** Appends a report section to {@code report}, creating the file with a title if needed. */
  static void appendReport(String report, String section) {
    try {
      Path path = Path.of(report);
      if (!Files.exists(path)) {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, "# Benchmarks\n\n");
      }
      Files.writeString(path, "\n" + section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      log("results appended to %s", path.toAbsolutePath());
    } catch (IOException e) {
      log("could not append to %s: %s", report, e.getMessage());
    }
  }

  /** Samples the used heap at a fixed period: the peak since the last reset, and over the whole run. */
  static final class HeapSampler implements AutoCloseable {

    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong overall = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-heap-sampler");
      t.setDaemon(true);
      return t;
    });

    HeapSampler(long periodMillis) {
      timer.scheduleAtFixedRate(() -> {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        peak.accumulateAndGet(used, Math::max);
        overall.accumulateAndGet(used, Math::max);
      }, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    long peak() {
      return peak.get();
    }

    long overall() {
      return overall.get();
    }

    void reset() {
      peak.set(0);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }
}
