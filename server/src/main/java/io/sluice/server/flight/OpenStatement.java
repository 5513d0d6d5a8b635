package io.sluice.server.flight;

import io.sluice.server.sql.ColumnTypes;
import io.sluice.server.sql.ConnectionPool;
import io.sluice.server.sql.ParameterBinder;
import io.sluice.server.sql.ResultSource;
import io.sluice.server.sql.SqlFailure;
import io.sluice.server.sql.StatementKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A statement a client prepared (or a query it asked to run, waiting for its stream), with the
 * connection it runs on and the parameter rows bound to it. Queries and row changes are prepared on
 * the engine; definitions are kept as text and run when executed, because Calcite runs a definition
 * as soon as it is prepared.
 *
 * <p>One execution runs at a time (the JDBC statement is not shared between threads); {@link
 * #cancel()} works from any thread.
 */
final class OpenStatement implements AutoCloseable {
  final String owner;
  final String sql;
  final StatementKind kind;
  final Schema dataset;
  final Schema parameters;

  private final ConnectionPool pool;
  private final Connection connection;
  private final PreparedStatement prepared;
  private final ReentrantLock executing = new ReentrantLock();
  private final List<VectorSchemaRoot> bound = new ArrayList<>();
  private final ParameterBinder binder = new ParameterBinder();
  private volatile Statement running;
  private volatile boolean cancelled;
  private volatile long lastUsed = System.nanoTime();
  private boolean closed;
  private boolean broken;

  private OpenStatement(
      String owner,
      String sql,
      StatementKind kind,
      ConnectionPool pool,
      Connection connection,
      PreparedStatement prepared)
      throws SQLException {
    this.owner = owner;
    this.sql = sql;
    this.kind = kind;
    this.pool = pool;
    this.connection = connection;
    this.prepared = prepared;
    this.dataset =
        kind == StatementKind.QUERY
            ? ColumnTypes.resultSchema(prepared.getMetaData())
            : new Schema(List.of());
    this.parameters =
        prepared == null
            ? new Schema(List.of())
            : ColumnTypes.parameterSchema(prepared.getParameterMetaData());
  }

  /**
   * Prepares a statement on a pooled connection.
   *
   * @param owner the user preparing it; only they may use it
   * @param sql the statement
   * @param pool where its connection comes from (and goes back to on close)
   * @return the open statement
   * @throws SQLException if it does not prepare (bad SQL names line and column)
   */
  static OpenStatement prepare(String owner, String sql, ConnectionPool pool) throws SQLException {
    StatementKind kind = StatementKind.of(sql);
    Connection connection = pool.borrow();
    PreparedStatement prepared = null;
    try {
      if (kind != StatementKind.DEFINITION) {
        prepared = connection.prepareStatement(sql);
      }
      return new OpenStatement(owner, sql, kind, pool, connection, prepared);
    } catch (SQLException | RuntimeException | AssertionError | StackOverflowError e) {
      if (prepared != null) {
        prepared.close();
      }
      pool.release(connection);
      throw e instanceof SQLException failure ? failure : SqlFailure.wrap(e);
    }
  }

  /**
   * @return nanoTime of the last use, for expiry
   */
  long lastUsed() {
    return lastUsed;
  }

  /**
   * @return whether an execution is under way
   */
  boolean busy() {
    return executing.isLocked();
  }

  /**
   * Replaces the bound parameter rows with those of a client's upload.
   *
   * @param stream the upload; read to its end
   * @param allocator where the kept rows live
   * @return how many rows were bound
   */
  long bind(FlightStream stream, BufferAllocator allocator) {
    executing.lock();
    try {
      lastUsed = System.nanoTime();
      clearBound();
      long rows = 0;
      while (stream.next()) {
        VectorSchemaRoot batch = stream.getRoot();
        if (batch.getRowCount() == 0) {
          continue;
        }
        List<FieldVector> kept = new ArrayList<>();
        for (FieldVector vector : batch.getFieldVectors()) {
          TransferPair transfer = vector.getTransferPair(allocator);
          transfer.transfer();
          kept.add((FieldVector) transfer.getTo());
        }
        VectorSchemaRoot copy = new VectorSchemaRoot(kept);
        copy.setRowCount(batch.getRowCount());
        bound.add(copy);
        rows += batch.getRowCount();
      }
      return rows;
    } finally {
      executing.unlock();
    }
  }

  /**
   * Runs a query once per bound parameter row (once if none are bound). The caller must call {@link
   * #endExecution()} when done with the source.
   *
   * @return its results
   */
  ResultSource startQuery() {
    executing.lock();
    cancelled = false;
    lastUsed = System.nanoTime();
    return new ResultSource() {
      private int batch;
      private int row;
      private boolean ranUnbound;

      @Override
      public ResultSet next() throws SQLException {
        if (bound.isEmpty()) {
          if (ranUnbound) {
            return null;
          }
          ranUnbound = true;
        } else {
          while (batch < bound.size() && row >= bound.get(batch).getRowCount()) {
            batch++;
            row = 0;
          }
          if (batch >= bound.size()) {
            return null;
          }
          binder.bind(prepared, bound.get(batch), row++);
        }
        running = prepared;
        try {
          return prepared.executeQuery();
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
          throw SqlFailure.wrap(e);
        }
      }

      @Override
      public void cancel() {
        OpenStatement.this.cancel();
      }

      @Override
      public boolean cancelled() {
        return cancelled;
      }
    };
  }

  /** Ends an execution started with {@link #startQuery()}. */
  void endExecution() {
    running = null;
    lastUsed = System.nanoTime();
    executing.unlock();
  }

  /**
   * Runs a row change or definition: once per row of the upload, or once if it has none.
   *
   * @param upload parameter rows, or null for none
   * @return rows changed (0 for a definition)
   * @throws SQLException if it fails
   */
  long executeUpdate(FlightStream upload) throws SQLException {
    executing.lock();
    try {
      return update(upload);
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      throw SqlFailure.wrap(e);
    } finally {
      running = null;
      lastUsed = System.nanoTime();
      executing.unlock();
    }
  }

  private long update(FlightStream upload) throws SQLException {
    cancelled = false;
    lastUsed = System.nanoTime();
    if (kind == StatementKind.DEFINITION) {
      if (upload != null) {
        drain(upload);
      }
      try (Statement statement = connection.createStatement()) {
        running = statement;
        statement.execute(sql);
        return Math.max(0, statement.getLargeUpdateCount());
      }
    }
    long count = 0;
    long rows = 0;
    if (upload != null) {
      while (upload.next()) {
        VectorSchemaRoot batch = upload.getRoot();
        for (int r = 0; r < batch.getRowCount(); r++) {
          binder.bind(prepared, batch, r);
          running = prepared;
          count += Math.max(0, prepared.executeLargeUpdate());
          rows++;
        }
      }
    }
    if (rows == 0) {
      running = prepared;
      count += Math.max(0, prepared.executeLargeUpdate());
    }
    return count;
  }

  private static void drain(FlightStream upload) {
    while (upload.next()) {
      // Parameters of a definition are ignored: it has no placeholders.
    }
  }

  /** Cancels the running execution, if any; from any thread. */
  void cancel() {
    cancelled = true;
    Statement statement = running;
    if (statement != null) {
      broken = true;
      try {
        statement.cancel();
      } catch (SQLException e) {
        // Already finished or closed: nothing is left to stop.
      }
    }
  }

  private void clearBound() {
    bound.forEach(VectorSchemaRoot::close);
    bound.clear();
  }

  /** Cancels a running execution, waits for it to end, then frees everything. */
  @Override
  public void close() {
    cancel();
    executing.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      clearBound();
      try {
        if (prepared != null) {
          prepared.close();
        }
      } catch (SQLException e) {
        broken = true;
      }
      if (broken) {
        pool.discard(connection);
      } else {
        pool.release(connection);
      }
    } finally {
      executing.unlock();
    }
  }
}
