package org.bihuan.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Ports of the servers Bihuan starts for itself (embedded broker, embedded PostgreSQL). A port that
 * another process holds is a start-up error that names the configuration key: connecting to
 * whatever answers there would silently join someone else's broker or database.
 */
public final class LocalPorts {

  private LocalPorts() {}

  /**
   * Fails unless {@code port} on the loopback address is free.
   *
   * @param key the configuration key that sets the port, named in the message
   */
  public static void requireFree(int port, String key) {
    if (!isFree(port)) {
      throw new EmbeddedPortInUseException(port, key);
    }
  }

  static boolean isFree(int port) {
    // something listening there (on 127.0.0.1 or a wildcard address) answers a connect
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return false;
    } catch (IOException answersNothing) {
      // not listening: try to take it, which also fails for a bound socket that does not accept yet
    }
    try (ServerSocket socket = new ServerSocket()) {
      // as the servers themselves bind: connections of a previous run in TIME_WAIT do not count
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A free port on the loopback address, chosen by the operating system. */
  public static int anyFree() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback address", e);
    }
  }

  /** The port an embedded server should use is taken by another process. */
  public static final class EmbeddedPortInUseException extends IllegalStateException {

    private final int port;
    private final String key;

    EmbeddedPortInUseException(int port, String key) {
      super("端口 " + port + " 已被其他进程占用（" + key + "）/ Port " + port + " on 127.0.0.1 is already in use by "
          + "another process (" + key + "). Bihuan will not join a server it did not start: stop the other "
          + "process or set " + key + " to a free port.");
      this.port = port;
      this.key = key;
    }

    public int port() {
      return port;
    }

    public String key() {
      return key;
    }
  }
}
