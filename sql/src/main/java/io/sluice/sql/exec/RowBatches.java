package io.sluice.sql.exec;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerator;

/**
 * The coordinator's way of running wasm calls a batch at a time over Calcite's rows: pulls up to
 * {@link BatchedCalc#BATCH_ROWS} input rows into a buffer, has a subclass compute their output rows
 * in one go, then hands those out one by one. Owns the query's memory and sandbox sessions from the
 * first row to {@link #close}.
 */
abstract class RowBatches implements Enumerator<Object[]> {
  private final DataContext root;
  private final ExecutionEnvironment environment;
  private final Enumerator<Object[]> input;
  private final String name;

  /** The input rows of the batch being computed; slots past its size are null. */
  protected final Object[][] buffer = new Object[BatchedCalc.BATCH_ROWS][];

  /** Where the batch's vectors come from; set while the enumerator runs. */
  protected BufferAllocator allocator;

  /** The query's context (sessions, cancellation); set while the enumerator runs. */
  protected QueryContext query;

  private List<Object[]> output = List.of();
  private int next;
  private Object[] current;
  private boolean inputDone;

  /**
   * @param root the execution's data context
   * @param environment where the batches' memory comes from
   * @param input the input rows
   * @param name names the memory in allocator reports
   */
  RowBatches(
      DataContext root, ExecutionEnvironment environment, Enumerator<Object[]> input, String name) {
    this.root = root;
    this.environment = environment;
    this.input = input;
    this.name = name;
  }

  /**
   * Pins the functions the batches call, as the first row is asked for.
   *
   * @param query the query that is starting
   */
  protected abstract void pin(QueryContext query);

  /**
   * Computes the output rows of the first {@code rows} rows of {@link #buffer}.
   *
   * @param rows how many input rows the buffer holds (at least one)
   * @return the output rows, in a list whose slots may be set to null as they are handed out
   */
  protected abstract List<Object[]> compute(int rows);

  /**
   * @param rows output rows
   * @return them as a list whose slots may be cleared
   */
  protected static List<Object[]> list(Object[][] rows) {
    return Arrays.asList(rows);
  }

  private void start() {
    allocator = environment.allocator().newChildAllocator(name, 0, Long.MAX_VALUE);
    query = new QueryContext(root, new QueryStats());
    try {
      pin(query);
    } catch (RuntimeException e) {
      release();
      throw e;
    }
  }

  @Override
  public final boolean moveNext() {
    if (query == null) {
      start();
    }
    while (next == output.size()) {
      if (inputDone) {
        return false;
      }
      if (query.cancelledByClient()) {
        throw new IllegalStateException("the statement was cancelled");
      }
      int rows = 0;
      while (rows < buffer.length && input.moveNext()) {
        buffer[rows++] = input.current();
      }
      inputDone = rows < buffer.length;
      try {
        output = rows == 0 ? List.of() : compute(rows);
      } finally {
        Arrays.fill(buffer, 0, rows, null);
      }
      next = 0;
    }
    current = output.get(next);
    output.set(next++, null);
    return true;
  }

  @Override
  public final Object[] current() {
    return current;
  }

  @Override
  public final void reset() {
    throw new UnsupportedOperationException("reset");
  }

  @Override
  public final void close() {
    try {
      input.close();
    } finally {
      release();
    }
  }

  private void release() {
    try {
      if (query != null) {
        query.close();
      }
    } finally {
      query = null;
      if (allocator != null) {
        allocator.close();
        allocator = null;
      }
    }
  }
}
