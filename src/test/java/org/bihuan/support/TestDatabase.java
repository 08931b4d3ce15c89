package org.bihuan.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL the tests run against, found once per JVM in this order: Testcontainers where a
 * Docker engine runs; else {@code BIHUAN_TEST_DATASOURCE_URL} (or the system property
 * {@code bihuan.test.datasource.url}); else 127.0.0.1:5432 when it answers (a fresh database
 * {@code bihuan_test} is created there); else embedded PostgreSQL binaries (zonky). The tests never
 * touch the database the running app uses.
 */
public final class TestDatabase {

  private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
  private static Connection info;

  /** Where the tests' database lives. */
  public record Connection(String url, String username, String password, String origin) {}

  private TestDatabase() {}

  public static synchronized Connection get() {
    if (info == null) {
      info = resolve();
      log.info("Tests use PostgreSQL from {}: {}", info.origin(), info.url());
    }
    return info;
  }

  private static Connection resolve() {
    if (dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
      container.start();
      return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
    }
    String configured = System.getProperty("bihuan.test.datasource.url", System.getenv("BIHUAN_TEST_DATASOURCE_URL"));
    if (configured != null && !configured.isBlank()) {
      return new Connection(
          configured,
          System.getProperty("bihuan.test.datasource.username", envOr("BIHUAN_TEST_DATASOURCE_USERNAME", "postgres")),
          System.getProperty("bihuan.test.datasource.password", envOr("BIHUAN_TEST_DATASOURCE_PASSWORD", "")),
          "configuration");
    }
    if (answers("127.0.0.1", 5432)) {
      String user = envOr("PGUSER", "postgres");
      recreate("jdbc:postgresql://127.0.0.1:5432/postgres", user, "");
      return new Connection("jdbc:postgresql://127.0.0.1:5432/bihuan_test", user, "", "local PostgreSQL on 127.0.0.1:5432");
    }
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres)));
      return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded PostgreSQL (zonky)");
    } catch (IOException e) {
      throw new UncheckedIOException("no PostgreSQL for the tests: no Docker, no URL, nothing on 5432, embedded failed", e);
    }
  }

  private static void recreate(String adminUrl, String user, String password) {
    try (java.sql.Connection connection = DriverManager.getConnection(adminUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("drop database if exists bihuan_test with (force)");
      statement.execute("create database bihuan_test");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database bihuan_test on 127.0.0.1:5432", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void close(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  /** Points a Spring test context at the tests' database and Kafka broker. */
  public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      Connection db = get();
      TestPropertyValues.of(
              "spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
              "spring.datasource.url=" + db.url(),
              "spring.datasource.username=" + db.username(),
              "spring.datasource.password=" + db.password())
          .applyTo(context.getEnvironment());
    }
  }
}
