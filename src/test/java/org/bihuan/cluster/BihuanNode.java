package org.bihuan.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Bihuan node as its own JVM: {@code org.bihuan.BihuanApplication} on the test classpath
 * without the test classes, the production configuration (no demo profile) plus what a deployment
 * sets: database, broker, port, a real admin password, unit signing secrets, the catalogue's plan.
 */
final class BihuanNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BihuanNode.class);
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper json = new ObjectMapper();

  final String name;
  final int port = ChildJvm.freePort();
  private final Map<String, String> settings;
  private final Path logFile;
  private Process process;

  BihuanNode(String name, Map<String, String> clusterSettings, Path dir) {
    this.name = name;
    this.logFile = dir.resolve(name + ".log");
    this.settings = new LinkedHashMap<>(clusterSettings);
    settings.put("server.port", String.valueOf(port));
    // the group member's client id names the node, so the test can see who owns which partition
    settings.put("spring.kafka.client-id", name);
  }

  void start() {
    List<String> args = new ArrayList<>();
    settings.forEach((key, value) -> args.add("--" + key + "=" + value));
    process = ChildJvm.start("org.bihuan.BihuanApplication",
        List.of("-Xms256m", "-Xmx640m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.timezone=Asia/Shanghai",
            "-Dfile.encoding=UTF-8"),
        args, logFile);
    log.info("node {} (pid {}) starting on port {}; log {}", name, process.pid(), port, logFile);
  }

  void awaitUp(Duration atMost) {
    await(name + " UP").atMost(atMost).pollInterval(Duration.ofSeconds(1))
        .failFast(name + " exited; see " + logFile, () -> !process.isAlive())
        .until(() -> "UP".equals(health()));
  }

  /**
   * The overall status of {@code /actuator/health} (UP, DOWN, ...), or UNREACHABLE when the node
   * does not answer within 60 seconds (each database-backed health check waits up to Hikari's connection-timeout).
   */
  String health() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(60))
              .GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return json.readTree(response.body()).path("status").asText("UNKNOWN");
    } catch (java.io.IOException e) {
      return "UNREACHABLE";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "UNREACHABLE";
    }
  }

  /** kill -9: no shutdown hook, no offset commit, no connection closed politely. */
  void kill() {
    log.info("kill -9 node {} (pid {})", name, process.pid());
    ChildJvm.kill(process);
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  Path log() {
    return logFile;
  }

  @Override
  public void close() {
    if (alive()) {
      ChildJvm.stop(process, 30);
    }
  }
}
