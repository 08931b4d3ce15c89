package org.bihuan.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded PostgreSQL of the demo: durable, password protected, and never reusing a server
 * that a killed run left behind.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresTests {

  @TempDir Path dataDir;
  private final int port = LocalPorts.anyFree();
  private ProcessHandle leftOver;

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(EmbeddedPostgresProperties.class)
  static class Properties {}

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(Properties.class, EmbeddedPostgresConfiguration.class)
        .withPropertyValues(
            "bihuan.embedded-postgres.port=" + port,
            "bihuan.embedded-postgres.data-directory=" + dataDir.resolve("postgres"),
            "bihuan.embedded-postgres.password-file=" + dataDir.resolve("postgres.password"));
  }

  @AfterEach
  void stopWhatTheTestStarted() {
    if (leftOver != null && leftOver.isAlive()) {
      leftOver.destroy();
      leftOver.onExit().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  @Test
  void commitsAreDurable() {
    runner().run(context -> {
      try (Connection connection = context.getBean(DataSource.class).getConnection()) {
        assertThat(setting(connection, "fsync")).isEqualTo("on");
        assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
        assertThat(setting(connection, "full_page_writes")).isEqualTo("on");
      }
    });
  }

  @Test
  void everyConnectionNeedsTheGeneratedPasswordKeptForTheOwnerOnly() {
    runner().run(context -> {
      assertThat(context).hasNotFailed();
      Path passwordFile = dataDir.resolve("postgres.password");
      assertThat(passwordFile).isRegularFile();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
      String password = Files.readString(passwordFile).trim();
      assertThat(password).hasSizeGreaterThanOrEqualTo(24);
      assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).doesNotContainPattern("(?m)^[^#].*\\btrust\\b");

      String url = "jdbc:postgresql://127.0.0.1:" + port + "/bihuan";
      assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "demo")).isInstanceOf(SQLException.class);
      try (Connection connection = DriverManager.getConnection(url, "postgres", password)) {
        assertThat(connection.isValid(5)).isTrue();
      }
      // the application itself connects with it
      try (Connection connection = context.getBean(DataSource.class).getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("create table kept (value text)");
        statement.execute("insert into kept values ('before restart')");
      }
    });

    // a restart keeps data and password
    runner().run(context -> {
      try (Connection connection = context.getBean(DataSource.class).getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select value from kept")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("before restart");
      }
    });
  }

  @Test
  void aTakenPortIsAClearStartupError() throws IOException {
    try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      runner().run(context -> assertThat(context).getFailure()
          .rootCause()
          .isInstanceOf(LocalPorts.EmbeddedPortInUseException.class)
          .hasMessageContaining("bihuan.embedded-postgres.port")
          .hasMessageContaining(String.valueOf(port)));
    }
  }

  @Test
  void aServerLeftRunningByAKilledRunIsStoppedNotReused(CapturedOutput output) throws Exception {
    // given: a server on the data directory that no running Bihuan owns, as after a kill -9
    Path[] bin = new Path[1];
    runner().run(context -> bin[0] = OrphanPostmaster.livePostmaster(dataDir.resolve("postgres")).orElseThrow()
        .info().command().map(Path::of).orElseThrow().getParent());
    Process pgCtl = new ProcessBuilder(OrphanPostmaster.asZonkyRunsIt(bin[0].resolve("pg_ctl"), "-D",
        dataDir.resolve("postgres").toString(), "-o", "-p " + port, "-w", "start"))
        .redirectErrorStream(true).redirectOutput(dataDir.resolve("pg_ctl.log").toFile()).start();
    assertThat(pgCtl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String started = Files.readString(dataDir.resolve("pg_ctl.log"));
    assertThat(pgCtl.exitValue()).as(started).isZero();
    leftOver = OrphanPostmaster.livePostmaster(dataDir.resolve("postgres")).orElseThrow();

    // when: Bihuan starts on that directory
    runner().run(context -> {
      assertThat(context).hasNotFailed();
      // then: the left-over server was stopped with a log line, and a new one serves Bihuan
      assertThat(leftOver.isAlive()).isFalse();
      ProcessHandle current = OrphanPostmaster.livePostmaster(dataDir.resolve("postgres")).orElseThrow();
      assertThat(current.pid()).isNotEqualTo(leftOver.pid());
      assertThat(output).contains("PostgreSQL (pid " + leftOver.pid() + ") is still running");
      try (Connection connection = context.getBean(DataSource.class).getConnection()) {
        assertThat(setting(connection, "fsync")).isEqualTo("on");
      }
    });
  }

  private static String setting(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("show " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
