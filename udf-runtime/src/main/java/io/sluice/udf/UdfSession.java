package io.sluice.udf;

import io.sluice.udf.internal.GuestInstance;
import io.sluice.udf.internal.UdfErrors;
import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.FunctionDescriptor.Abi;
import io.sluice.wasidata.FunctionDescriptor.Kind;
import io.sluice.wasidata.Guest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One query's use of a function: it holds one instance, for this caller alone, across all the
 * query's batches, and gives it back to the pool when closed, where it is reset before another
 * query can have it.
 *
 * <p>When a call fails (a guest error, a trap, a timeout, an invalid result) the failure is thrown
 * as a {@link UdfException} and the instance is discarded at once; the session's next call gets a
 * fresh instance, but {@link AggregateStates} opened before the failure are gone with it.
 *
 * <p>Not thread-safe: one thread uses a session at a time (open one per thread). Results are new
 * vectors from the caller's allocator; the caller owns and closes them.
 */
public final class UdfSession implements AutoCloseable {

  private final UdfFunction function;
  private final FunctionDescriptor descriptor;
  private final List<AggregateStates> aggregates = new ArrayList<>();
  private GuestInstance instance;
  private boolean healthy;
  private int generation;
  private long batches;
  private boolean closed;

  UdfSession(UdfFunction function) {
    this.function = function;
    this.descriptor = function.descriptor();
    acquire();
  }

  /**
   * @return the function this session calls
   */
  public UdfFunction function() {
    return function;
  }

  /**
   * Calls a scalar function on a batch: once for the batch on the batch ABI, once per row inside
   * this instance on the row ABI. An empty batch is passed on too.
   *
   * @param batch the arguments, one column per argument, in order
   * @param allocator where the result is allocated
   * @return one value per row of the declared type; the caller owns and closes it
   * @throws UdfException when the call fails
   * @throws IllegalArgumentException when the function is not scalar or the columns do not match
   *     its arguments
   */
  public FieldVector scalar(VectorSchemaRoot batch, BufferAllocator allocator) {
    return scalar(batch.getFieldVectors(), batch.getRowCount(), allocator);
  }

  /**
   * Calls a scalar function on a batch given as argument vectors.
   *
   * @param args one vector per argument, each of {@code rows} values
   * @param rows the batch's rows
   * @param allocator where the result is allocated
   * @return one value per row of the declared type; the caller owns and closes it
   * @throws UdfException when the call fails
   * @throws IllegalArgumentException when the function is not scalar or the vectors do not match
   *     its arguments
   */
  public FieldVector scalar(List<? extends FieldVector> args, int rows, BufferAllocator allocator) {
    requireKind(Kind.SCALAR, "scalar");
    return call(
        true,
        rows,
        guest ->
            descriptor.abi() == Abi.ROW
                ? guest.callScalarRow(descriptor, args, rows, allocator)
                : guest.callScalar(descriptor, args, rows, allocator));
  }

  /**
   * Calls a table function on a batch.
   *
   * @param batch the arguments, one column per argument, in order
   * @param allocator where the result is allocated
   * @return the output rows: first the INT column {@code row}, the input row each output row came
   *     from (non-decreasing), then the declared columns; the caller owns and closes it
   * @throws UdfException when the call fails or returns more than the output limits allow
   * @throws IllegalArgumentException when the function is not a table function or the columns do
   *     not match its arguments
   */
  public VectorSchemaRoot table(VectorSchemaRoot batch, BufferAllocator allocator) {
    return table(batch.getFieldVectors(), batch.getRowCount(), allocator);
  }

  /**
   * Calls a table function on a batch given as argument vectors.
   *
   * @param args one vector per argument, each of {@code rows} values
   * @param rows the batch's rows
   * @param allocator where the result is allocated
   * @return the output rows, the input row index first; the caller owns and closes it
   * @throws UdfException when the call fails or returns more than the output limits allow
   * @throws IllegalArgumentException when the function is not a table function or the vectors do
   *     not match its arguments
   */
  public VectorSchemaRoot table(
      List<? extends FieldVector> args, int rows, BufferAllocator allocator) {
    requireKind(Kind.TABLE, "table");
    return call(true, rows, guest -> guest.callTable(descriptor, args, rows, allocator));
  }

  /**
   * Opens a set of aggregate states in this session's instance: the partial aggregation of one
   * query on one shard, or the final merge on the coordinator.
   *
   * @return empty states; they live until closed, or until this session closes
   * @throws IllegalArgumentException when the function is not an aggregate
   */
  public AggregateStates aggregate() {
    requireKind(Kind.AGGREGATE, "aggregate");
    requireOpen();
    instance();
    AggregateStates states = new AggregateStates(this, generation);
    aggregates.add(states);
    return states;
  }

  /**
   * Destroys the aggregate states still open and gives the instance back to the pool, which resets
   * it (or discards it after a failure).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      for (AggregateStates states : List.copyOf(aggregates)) {
        states.close();
      }
    } finally {
      closed = true;
      release();
    }
  }

  // ---- for AggregateStates and the methods above

  /**
   * Runs a call in this session's instance under the function's limits.
   *
   * @param batch whether the call hands the guest an input batch (counted, and named in errors)
   * @param rows input rows
   * @param body the call
   */
  <T> T call(boolean batch, long rows, Function<Guest, T> body) {
    requireOpen();
    GuestInstance current = instance();
    long index = batch ? batches++ : -1;
    function.recorder().call(batch ? 1 : 0, batch ? rows : 0);
    UdfErrors.Where where =
        new UdfErrors.Where(function.name(), function.module().sha256(), index, -1, "");
    try {
      return function
          .guard()
          .run(current, () -> healthy = false, where, () -> body.apply(current.guest()));
    } finally {
      if (!healthy) {
        release();
      }
    }
  }

  void forget(AggregateStates states) {
    aggregates.remove(states);
  }

  /**
   * @param generation the generation an aggregate was opened in
   * @return whether that instance is still this session's
   */
  boolean holds(int generation) {
    return instance != null && this.generation == generation && !closed;
  }

  private GuestInstance instance() {
    if (instance == null) {
      acquire();
    }
    return instance;
  }

  private void acquire() {
    instance = function.pool().acquire();
    healthy = true;
    generation++;
  }

  private void release() {
    if (instance != null) {
      GuestInstance held = instance;
      instance = null;
      function.pool().release(held, healthy);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("this session of " + function.name() + " is closed");
    }
    function.requireOpen();
  }

  private void requireKind(Kind kind, String method) {
    if (descriptor.kind() != kind) {
      throw new IllegalArgumentException(
          "function "
              + descriptor.name()
              + " is a "
              + descriptor.kind()
              + " function; "
              + method
              + "() is for "
              + kind
              + " functions");
    }
  }
}
