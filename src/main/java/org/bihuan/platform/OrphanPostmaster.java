package org.bihuan.platform;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server left running by a previous run of Bihuan that did not stop (a {@code kill -9}
 * of the JVM kills the JVM, not the postmaster that {@code pg_ctl} started in the background). It is
 * found through {@code postmaster.pid} and stopped with a log line before the embedded database
 * starts — never silently reused: it runs with the settings and the binaries of the old run.
 *
 * <p>A data directory locked by a live JVM ({@code epg-lock}, held by zonky's embedded PostgreSQL)
 * belongs to another running Bihuan and is refused instead.
 */
final class OrphanPostmaster {

  private static final Logger log = LoggerFactory.getLogger(OrphanPostmaster.class);
  static final String PID_FILE = "postmaster.pid";
  private static final String LOCK_FILE = "epg-lock";
  private static final long STOP_SECONDS = 60;

  private OrphanPostmaster() {}

  /** Stops the postmaster named by {@code postmaster.pid} in {@code dataDirectory} if one still runs. */
  static void stopIfRunning(Path dataDirectory) {
    Optional<ProcessHandle> postmaster = livePostmaster(dataDirectory);
    if (postmaster.isEmpty()) {
      return;
    }
    requireNoOtherOwner(dataDirectory);
    ProcessHandle process = postmaster.get();
    Optional<String> command = process.info().command();
    if (command.isPresent() && !Path.of(command.get()).getFileName().toString().startsWith("postgres")) {
      // the pid was reused by an unrelated process (e.g. after a reboot): the file is stale
      log.warn("Removing stale {} in {}: pid {} is {}, not PostgreSQL", PID_FILE, dataDirectory, process.pid(), command.get());
      deleteQuietly(dataDirectory.resolve(PID_FILE));
      return;
    }
    log.warn("PostgreSQL (pid {}) is still running on {} from a previous run that did not stop; "
        + "stopping it before starting the embedded database (it is not reused)", process.pid(), dataDirectory);
    stop(dataDirectory, process, command);
    log.warn("Stopped the PostgreSQL left over from the previous run (pid {})", process.pid());
  }

  static Optional<ProcessHandle> livePostmaster(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve(PID_FILE);
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      // unreadable: PostgreSQL itself judges the file when it starts
      return Optional.empty();
    }
  }

  private static void requireNoOtherOwner(Path dataDirectory) {
    Path lockFile = dataDirectory.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw inUse(dataDirectory);
      }
    } catch (OverlappingFileLockException e) {
      throw inUse(dataDirectory);
    } catch (IOException e) {
      throw new IllegalStateException("cannot check whether " + dataDirectory + " is in use", e);
    }
  }

  private static IllegalStateException inUse(Path dataDirectory) {
    return new IllegalStateException("数据目录正被另一个运行中的闭环实例使用 / The embedded PostgreSQL data directory "
        + dataDirectory + " is used by another running Bihuan (bihuan.embedded-postgres.data-directory, "
        + "BIHUAN_DATA_DIR): give each instance its own data directory");
  }

  private static void stop(Path dataDirectory, ProcessHandle process, Optional<String> command) {
    Optional<Path> pgCtl = command.map(c -> Path.of(c).resolveSibling("pg_ctl")).filter(Files::isExecutable);
    try {
      if (pgCtl.isPresent()) {
        // fast shutdown: clients are cut off, everything committed is on disk, no crash recovery next time
        Process stop = new ProcessBuilder(asZonkyRunsIt(pgCtl.get(), "-D", dataDirectory.toString(), "stop", "-m", "fast",
            "-w", "-t", String.valueOf(STOP_SECONDS))).redirectErrorStream(true).start();
        String output = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        stop.waitFor(STOP_SECONDS + 5, TimeUnit.SECONDS);
        log.info("pg_ctl stop: {}", output);
      } else {
        // SIGTERM: PostgreSQL's smart shutdown, which ends once the dead run's sessions are gone
        process.destroy();
      }
      process.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping PostgreSQL pid " + process.pid(), e);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("PostgreSQL pid " + process.pid() + " left running on " + dataDirectory
          + " by a previous run did not stop within " + STOP_SECONDS + " s; stop it (pg_ctl -D " + dataDirectory
          + " stop) and start again", e);
    }
  }

  /** PostgreSQL refuses to run as root; zonky runs its binaries in a user namespace then, so do we. */
  static List<String> asZonkyRunsIt(Path binary, String... arguments) {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(binary.toString());
    command.addAll(List.of(arguments));
    return command;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete {}", file, e);
    }
  }
}
