package io.sluice.server.sql;

import io.sluice.sql.SluiceDriver;
import io.sluice.sql.SluiceEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Connections to the server's one engine, reused between requests. Connections are cheap (they
 * share the engine) but not free: each one builds Calcite's root schema. A request borrows one,
 * uses it on one thread, and gives it back; at most {@code maxIdle} are kept.
 *
 * <p>The pool holds one connection of its own for its whole life: it keeps the engine open (the
 * embedded driver closes an engine with its last connection) and gives {@link #engine()}.
 */
public final class ConnectionPool implements AutoCloseable {
  private final String url;
  private final int maxIdle;
  private final Connection anchor;
  private final SluiceEngine engine;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  /**
   * Opens the engine on a data directory.
   *
   * @param url the embedded JDBC URL ({@code jdbc:sluice:...})
   * @param maxIdle how many idle connections to keep for reuse
   * @throws SQLException if the store cannot be opened (e.g. another process uses it)
   */
  public ConnectionPool(String url, int maxIdle) throws SQLException {
    this.url = url;
    this.maxIdle = maxIdle;
    this.anchor = DriverManager.getConnection(url);
    this.engine = SluiceDriver.engine(anchor);
  }

  /**
   * @return the engine every connection of this pool shares
   */
  public SluiceEngine engine() {
    return engine;
  }

  /**
   * @return an open connection with auto-commit on; give it back with {@link #release}
   * @throws SQLException if the pool is closed or a connection cannot be opened
   */
  public Connection borrow() throws SQLException {
    synchronized (this) {
      if (closed) {
        throw new SQLException("the server is shutting down", "08003");
      }
      Connection connection = idle.pollFirst();
      if (connection != null) {
        return connection;
      }
    }
    return DriverManager.getConnection(url);
  }

  /**
   * Gives a connection back, or closes it when the pool has enough or is closed.
   *
   * @param connection a connection from {@link #borrow}
   */
  public void release(Connection connection) {
    synchronized (this) {
      if (!closed && idle.size() < maxIdle) {
        idle.addFirst(connection);
        return;
      }
    }
    closeQuietly(connection);
  }

  /**
   * Closes a connection that may be in a bad state (e.g. after a cancelled statement) instead of
   * reusing it.
   *
   * @param connection a connection from {@link #borrow}
   */
  public void discard(Connection connection) {
    closeQuietly(connection);
  }

  /** Closes the idle connections, then the pool's own, which closes the engine if it was last. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      idle.forEach(ConnectionPool::closeQuietly);
      idle.clear();
    }
    closeQuietly(anchor);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing an embedded connection only detaches schemas; nothing is left to undo.
    }
  }
}
