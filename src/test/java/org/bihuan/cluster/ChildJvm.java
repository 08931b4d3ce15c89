package org.bihuan.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Starting the cluster's processes: a child JVM on this JVM's classpath, free ports, process ids. */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * This JVM's classpath (Surefire sets {@code java.class.path} to the test classpath) without the
   * test classes: a node must run what production runs, not test components or application-test.yaml.
   */
  static String classpath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes" + File.separator))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** {@code java -cp <classpath> <jvmOptions> <mainClass> <args>}, output appended to {@code log}. */
  static Process start(String mainClass, List<String> jvmOptions, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    command.addAll(args);
    return exec(command, log);
  }

  static Process exec(List<String> command, Path log) {
    try {
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      // a test JVM that is stopped (Ctrl-C, a CI timeout) must not leave nodes and brokers running
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      } catch (IllegalStateException shuttingDown) {
        // started from a shutdown hook (pg_ctl stop): it ends by itself
      }
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  /** Runs a command to its end; fails with its log when it does not exit 0. */
  static void run(List<String> command, Path log, long timeoutSeconds) {
    Process process = exec(command, log);
    try {
      if (!process.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not end in " + timeoutSeconds + " s; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(command + " exited " + process.exitValue() + "; see " + log);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code kill -9}: Process.destroyForcibly sends SIGKILL on Linux; waits until the process is gone. */
  static void kill(Process process) {
    process.destroyForcibly();
    waitFor(process, 30);
  }

  /** SIGTERM, then SIGKILL after {@code graceSeconds}. */
  static void stop(Process process, long graceSeconds) {
    process.destroy();
    if (!waitFor(process, graceSeconds)) {
      kill(process);
    }
  }

  private static boolean waitFor(Process process, long seconds) {
    try {
      return process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The entries of a directory, last name first (the newest PostgreSQL version directory first). */
  static java.util.stream.Stream<Path> listDescending(Path directory) {
    try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(directory)) {
      return entries.sorted(java.util.Comparator.reverseOrder()).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
