package io.sluice.server.flight;

import com.google.protobuf.ByteString;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.flight.CallStatus;
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
 * #cancel()} works from any thread. Each FlightInfo of a prepared query announces an execution of
 * its own ({@link #issue()}), so cancelling one FlightInfo cancels that execution only, fetched or
 * not, and the statement stays usable for new ones.
 */
final class OpenStatement implements AutoCloseable {
  final String owner;
  final String sql;
  final StatementKind kind;
  final Schema dataset;
  final Schema parameters;

  private final ConnectionPool pool;
  private final Connection connection;

  /** Replaced after a cancel: the engine's statement stays cancelled once it was. */
  private PreparedStatement prepared;

  private final ReentrantLock executing = new ReentrantLock();
  private final List<VectorSchemaRoot> bound = new ArrayList<>();
  private final ParameterBinder binder = new ParameterBinder();

  /** Executions handed out in FlightInfos (newest last), by key; guarded by itself. */
  private final Map<String, Issued> issued =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Issued> eldest) {
          return size() > MAX_ISSUED;
        }
      };

  private volatile Execution current;
  private volatile long lastUsed = System.nanoTime();
  private boolean closed;
  private volatile boolean broken;

  /** How many executions of one statement are remembered (a ticket older than that is unknown). */
  static final int MAX_ISSUED = 256;

  /** Where an execution handed out in a FlightInfo stands. */
  private enum Issued {
    WAITING,
    RUNNING,
    DONE,
    CANCELLED
  }

  /** One run of the statement: what a cancel stops. */
  private final class Execution {
    final String key;
    volatile boolean cancelled;
    volatile Statement running;
    volatile boolean interrupted;

    Execution(String key) {
      this.key = key;
    }

    /** Marks the statement as running this JDBC statement, unless the execution was cancelled. */
    void run(Statement statement) throws SQLException {
      running = statement;
      if (cancelled) {
        throw new SQLException("the query was cancelled", "57014");
      }
    }

    void cancel() {
      cancelled = true;
      Statement statement = running;
      if (statement != null) {
        interrupted = true;
        // The connection may have been mid-query: it is not handed to anyone else afterwards.
        broken = true;
        try {
          statement.cancel();
        } catch (SQLException e) {
          // Already finished or closed: nothing is left to stop.
        }
      }
    }
  }

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
   * @param maxBytes the most memory the kept rows may take
   * @return how many rows were bound
   * @throws org.apache.arrow.flight.FlightRuntimeException INVALID_ARGUMENT if the upload's columns
   *     do not match the parameters, RESOURCE_EXHAUSTED if its rows take more than {@code
   *     maxBytes}; nothing stays bound then
   */
  long bind(FlightStream stream, BufferAllocator allocator, long maxBytes) {
    executing.lock();
    try {
      lastUsed = System.nanoTime();
      clearBound();
      ParameterTypes.check(parameters, stream.getSchema());
      long rows = 0;
      long bytes = 0;
      while (stream.next()) {
        VectorSchemaRoot batch = stream.getRoot();
        if (batch.getRowCount() == 0) {
          continue;
        }
        for (FieldVector vector : batch.getFieldVectors()) {
          bytes += vector.getBufferSize();
        }
        if (bytes > maxBytes) {
          clearBound();
          throw CallStatus.RESOURCE_EXHAUSTED
              .withDescription(
                  "the parameter rows bound to the prepared statement take more than "
                      + maxBytes
                      + " bytes (limits.parameter_bytes); bind fewer rows at a time")
              .toRuntimeException();
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
    } catch (RuntimeException e) {
      clearBound();
      throw e;
    } finally {
      executing.unlock();
    }
  }

  /**
   * Hands out a new execution of the query, for a FlightInfo: its ticket runs it, and a cancel of
   * that FlightInfo cancels it (running or not yet fetched) and nothing else.
   *
   * @return the execution's handle
   */
  ByteString issue() {
    ByteString handle = Handles.next();
    synchronized (issued) {
      issued.put(Handles.key(handle), Issued.WAITING);
    }
    lastUsed = System.nanoTime();
    return handle;
  }

  /**
   * Cancels one execution handed out by {@link #issue()}: a running one is stopped, one not fetched
   * yet will fail with CANCELLED when it is.
   *
   * @param execution the execution's handle
   * @return whether there was something to cancel (false if it is unknown or already finished)
   */
  boolean cancel(ByteString execution) {
    String key = Handles.key(execution);
    synchronized (issued) {
      Issued state = issued.get(key);
      if (state == null || state == Issued.DONE) {
        return false;
      }
      issued.put(key, Issued.CANCELLED);
      Execution running = current;
      if (running != null && key.equals(running.key)) {
        running.cancel();
      }
      return true;
    }
  }

  /**
   * Runs a query once per bound parameter row (once if none are bound). The caller must call {@link
   * #endExecution()} when done with the source (not if this throws).
   *
   * @param handle the execution's handle from {@link #issue()}, or null for an execution no
   *     FlightInfo announced (a statement query's single run, or a ticket the client built)
   * @return its results
   * @throws org.apache.arrow.flight.FlightRuntimeException CANCELLED if the execution was cancelled
   *     before it was fetched, NOT_FOUND if it is unknown
   */
  ResultSource startQuery(ByteString handle) {
    executing.lock();
    String key = handle == null ? null : Handles.key(handle);
    Execution execution = new Execution(key);
    if (key != null) {
      synchronized (issued) {
        Issued state = issued.get(key);
        if (state == null || state == Issued.CANCELLED) {
          executing.unlock();
          throw state == null
              ? FlightErrors.notFound("query")
              : CallStatus.CANCELLED
                  .withDescription("the query was cancelled")
                  .toRuntimeException();
        }
        issued.put(key, Issued.RUNNING);
        current = execution;
      }
    } else {
      current = execution;
    }
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
          binder.bind(prepared(), bound.get(batch), row++);
        }
        PreparedStatement statement = prepared();
        execution.run(statement);
        try {
          return statement.executeQuery();
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
          throw SqlFailure.wrap(e);
        }
      }

      @Override
      public void cancel() {
        execution.cancel();
      }

      @Override
      public boolean cancelled() {
        return execution.cancelled;
      }
    };
  }

  /** Ends an execution started with {@link #startQuery(ByteString)}. */
  void endExecution() {
    Execution execution = current;
    if (execution != null && execution.key != null) {
      synchronized (issued) {
        issued.computeIfPresent(
            execution.key, (k, state) -> state == Issued.RUNNING ? Issued.DONE : state);
      }
    }
    current = null;
    renewIfCancelled(execution);
    lastUsed = System.nanoTime();
    executing.unlock();
  }

  /**
   * A JDBC statement the engine was told to cancel stays cancelled: prepare a fresh one on the same
   * connection so the statement serves its next execution. Called with the lock held.
   */
  private void renewIfCancelled(Execution execution) {
    if (execution == null || !execution.interrupted || closed || prepared == null) {
      return;
    }
    try {
      prepared.close();
    } catch (SQLException e) {
      // It is replaced either way.
    }
    try {
      prepared = connection.prepareStatement(sql);
    } catch (SQLException | RuntimeException e) {
      // The connection is unusable: later executions fail, and closing discards it.
      broken = true;
      prepared = null;
    }
  }

  private PreparedStatement prepared() throws SQLException {
    if (prepared == null) {
      throw new SQLException(
          "the prepared statement cannot run again after its query was cancelled; prepare it"
              + " again",
          "55000");
    }
    return prepared;
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
    Execution execution = new Execution(null);
    current = execution;
    try {
      return update(upload, execution);
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      throw SqlFailure.wrap(e);
    } finally {
      current = null;
      renewIfCancelled(execution);
      lastUsed = System.nanoTime();
      executing.unlock();
    }
  }

  private long update(FlightStream upload, Execution execution) throws SQLException {
    lastUsed = System.nanoTime();
    if (kind == StatementKind.DEFINITION) {
      if (upload != null) {
        drain(upload);
      }
      try (Statement statement = connection.createStatement()) {
        execution.run(statement);
        statement.execute(sql);
        return Math.max(0, statement.getLargeUpdateCount());
      }
    }
    long count = 0;
    long rows = 0;
    if (upload != null) {
      // Every uploaded row goes into one executeBatch (per BATCH_ROWS rows): a prepared INSERT
      // ... VALUES writes them in one append instead of one statement per row.
      ParameterTypes.check(parameters, upload.getSchema());
      PreparedStatement statement = prepared();
      execution.run(statement);
      int pending = 0;
      while (upload.next()) {
        VectorSchemaRoot batch = upload.getRoot();
        for (int r = 0; r < batch.getRowCount(); r++) {
          binder.bind(statement, batch, r);
          statement.addBatch();
          rows++;
          if (++pending == BATCH_ROWS) {
            count += sum(statement.executeLargeBatch());
            pending = 0;
          }
        }
      }
      if (pending > 0) {
        count += sum(statement.executeLargeBatch());
      }
    }
    if (rows == 0) {
      PreparedStatement statement = prepared();
      execution.run(statement);
      count += Math.max(0, statement.executeLargeUpdate());
    }
    return count;
  }

  /** Parameter rows run in one executeBatch at most: bounds the memory of a huge upload. */
  static final int BATCH_ROWS = 100_000;

  private static long sum(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += Math.max(0, c);
    }
    return total;
  }

  private static void drain(FlightStream upload) {
    while (upload.next()) {
      // Parameters of a definition are ignored: it has no placeholders.
    }
  }

  /**
   * Cancels the running execution, if any; from any thread.
   *
   * @return whether an execution was running
   */
  boolean cancel() {
    Execution execution = current;
    if (execution == null) {
      return false;
    }
    if (execution.key != null) {
      synchronized (issued) {
        issued.computeIfPresent(execution.key, (k, state) -> Issued.CANCELLED);
      }
    }
    execution.cancel();
    return true;
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
