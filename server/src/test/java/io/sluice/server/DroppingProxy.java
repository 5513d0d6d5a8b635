package io.sluice.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy to a local port whose connections a test can reset at will, as when a client's
 * machine or network goes away: the server sees the connection reset, with no goodbye from the
 * client's protocol.
 */
final class DroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /**
   * @param target the local port to forward to
   */
  DroppingProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("proxy-accept", this::accept).start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private void accept() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        daemon("proxy-up", () -> pump(client, server)).start();
        daemon("proxy-down", () -> pump(server, client)).start();
      }
    } catch (IOException e) {
      // Closed.
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
      }
    } catch (IOException e) {
      // Dropped.
    }
  }

  /** Resets every connection through the proxy (both sides, without a TCP goodbye). */
  void drop() {
    for (Socket socket : sockets) {
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException e) {
        // Already gone.
      }
    }
    sockets.clear();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    drop();
  }
}
