package org.bihuan.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server of the cluster tests' own — never the machine's shared one — that can be
 * stopped and started again on the same port and data directory. PostgreSQL refuses to run as root,
 * so as root it is the machine's PostgreSQL binaries ({@code initdb}, {@code pg_ctl}) run as user
 * {@code postgres} ({@code runuser}); otherwise zonky's embedded binaries from Maven Central.
 */
final class PostgresServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
  /** Tests stop it only cleanly (fast shutdown flushes everything), so durability settings can be off. */
  private static final String SETTINGS = "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
      + "-c full_page_writes=off -c max_connections=100";

  private final int port = ChildJvm.freePort();
  private final Path dir;
  private final Path data;
  private final Path bin;
  private final List<String> asOwner;
  private EmbeddedPostgres zonky;
  private volatile boolean running;
  private Thread hook;

  PostgresServer(Path dir) {
    this.dir = dir;
    this.data = dir.resolve("data");
    boolean root = "root".equals(System.getProperty("user.name"));
    this.bin = root ? systemBinaries() : null;
    this.asOwner = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
    try {
      Files.createDirectories(dir);
      if (root) {
        Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
        ChildJvm.run(command(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-locale", "--no-sync"), dir.resolve("initdb.log"), 120);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(asOwner);
    command.addAll(List.of(args));
    return command;
  }

  /** The directory of the machine's {@code pg_ctl} (on PATH, or Debian's /usr/lib/postgresql/N/bin). */
  private static Path systemBinaries() {
    Stream<Path> candidates = Stream.concat(
        Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).map(Path::of),
        Stream.of(Path.of("/usr/lib/postgresql")).filter(Files::isDirectory).flatMap(ChildJvm::listDescending)
            .map(version -> version.resolve("bin")));
    return candidates.filter(d -> Files.isExecutable(d.resolve("pg_ctl"))).findFirst()
        .map(d -> {
          try {
            return d.resolve("pg_ctl").toRealPath().getParent();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .orElseThrow(() -> new IllegalStateException(
            "running as root: PostgreSQL refuses to run as root and no pg_ctl of the machine was found to run as user postgres"));
  }

  void start() {
    if (bin != null) {
      ChildJvm.run(command(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
          "-o", "-p " + port + " -c unix_socket_directories=" + dir + " " + SETTINGS, "-w", "-t", "60", "start"),
          dir.getParent().resolve("pg_ctl.log"), 90);
    } else {
      try {
        zonky = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false)
            .setRegisterShutdownHook(false).setPGStartupWait(java.time.Duration.ofSeconds(60))
            .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!running && hook == null) {
      hook = new Thread(() -> {
        if (running) {
          stop();
        }
      });
      Runtime.getRuntime().addShutdownHook(hook);
    }
    running = true;
    log.info("Cluster tests' PostgreSQL on 127.0.0.1:{} (data in {})", port, data);
  }

  /** A fast shutdown: open sessions are ended, running transactions rolled back, as a database restart. */
  void stop() {
    if (bin != null) {
      ChildJvm.run(command(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"),
          dir.getParent().resolve("pg_ctl.log"), 90);
    } else {
      try {
        zonky.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    running = false;
    log.info("Cluster tests' PostgreSQL stopped");
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  void createDatabase(String database) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("create database " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database, e);
    }
  }

  @Override
  public void close() {
    if (running) {
      stop();
    }
  }
}
