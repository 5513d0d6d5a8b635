package io.sluice.udf;

import io.sluice.udf.internal.CodeRegistry;
import io.sluice.udf.internal.GuardedCall;
import io.sluice.udf.internal.GuestInstance;
import io.sluice.udf.internal.InstanceFactory;
import io.sluice.udf.internal.InstancePool;
import io.sluice.udf.internal.StatsRecorder;
import io.sluice.wasidata.FunctionDescriptor;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One SQL function of a module, with its limits, its pool of instances and its statistics.
 *
 * <p>A query opens a {@link UdfSession} and calls it once per batch: the session holds one instance
 * for the whole query and gives it back, reset, when closed. The {@code scalar} and {@code table}
 * methods here are one-batch sessions, for callers with a single batch.
 *
 * <p>Thread-safe: any number of threads may open sessions at once; each gets its own instance.
 */
public final class UdfFunction implements AutoCloseable {

  private final UdfRuntime runtime;
  private final UdfModule module;
  private final FunctionDescriptor descriptor;
  private final UdfLimits limits;
  private final StatsRecorder stats;
  private final InstancePool<GuestInstance> pool;
  private final GuardedCall guard;
  private volatile boolean closed;

  UdfFunction(
      UdfRuntime runtime,
      UdfModule module,
      CodeRegistry.LoadedCode code,
      FunctionDescriptor descriptor,
      UdfLimits limits) {
    InstanceFactory.checkInitialMemory(code, limits);
    this.runtime = runtime;
    this.module = module;
    this.descriptor = descriptor;
    this.limits = limits;
    this.stats = new StatsRecorder(descriptor.name(), code.sha256(), code.code().compilation());
    InstanceFactory factory = new InstanceFactory(code, limits, runtime.environment(), stats);
    this.pool =
        new InstancePool<>(
            new InstancePool.Lifecycle<>() {
              @Override
              public GuestInstance create() {
                return factory.create();
              }

              @Override
              public boolean reset(GuestInstance instance) {
                return instance.reset();
              }

              @Override
              public void discard(GuestInstance instance) {
                // Nothing to free: an instance is plain heap, collected once unreachable.
              }
            },
            module.options().maxIdleInstances(),
            stats);
    this.guard = new GuardedCall(runtime.environment().watchdog(), limits, stats);
    runtime.register(this);
  }

  /**
   * @return the SQL name
   */
  public String name() {
    return descriptor.name();
  }

  /**
   * @return the signature, kind, ABI and null handling the function is called with
   */
  public FunctionDescriptor descriptor() {
    return descriptor;
  }

  /**
   * @return the function's limits
   */
  public UdfLimits limits() {
    return limits;
  }

  /**
   * @return the module it belongs to
   */
  public UdfModule module() {
    return module;
  }

  /**
   * @return its statistics since it was created
   */
  public UdfStats stats() {
    return stats.snapshot();
  }

  /**
   * Opens a session: one instance, taken from the pool (or created), for this caller alone until
   * the session is closed. Use one session per query and thread.
   *
   * @return the session
   * @throws UdfException when a new instance cannot be created
   * @throws IllegalStateException when the function or its runtime is closed
   */
  public UdfSession session() {
    requireOpen();
    return new UdfSession(this);
  }

  /**
   * Calls a scalar function on one batch, in a session of its own.
   *
   * @param batch the arguments, one column per argument in order
   * @param allocator where the result is allocated
   * @return one value per row; the caller owns and closes it
   * @throws UdfException when the call fails
   */
  public FieldVector scalar(VectorSchemaRoot batch, BufferAllocator allocator) {
    try (UdfSession session = session()) {
      return session.scalar(batch, allocator);
    }
  }

  /**
   * Calls a scalar function on one batch, in a session of its own.
   *
   * @param args one vector per argument, each of {@code rows} values
   * @param rows the batch's rows
   * @param allocator where the result is allocated
   * @return one value per row; the caller owns and closes it
   * @throws UdfException when the call fails
   */
  public FieldVector scalar(List<? extends FieldVector> args, int rows, BufferAllocator allocator) {
    try (UdfSession session = session()) {
      return session.scalar(args, rows, allocator);
    }
  }

  /**
   * Calls a table function on one batch, in a session of its own.
   *
   * @param batch the arguments, one column per argument in order
   * @param allocator where the result is allocated
   * @return the output rows, the input row index first; the caller owns and closes it
   * @throws UdfException when the call fails
   */
  public VectorSchemaRoot table(VectorSchemaRoot batch, BufferAllocator allocator) {
    try (UdfSession session = session()) {
      return session.table(batch, allocator);
    }
  }

  /** Drops the idle instances; sessions still open finish normally, then their instances go too. */
  @Override
  public void close() {
    closed = true;
    pool.close();
    runtime.unregister(this);
  }

  boolean isClosed() {
    return closed;
  }

  void requireOpen() {
    runtime.requireOpen();
    if (closed) {
      throw new IllegalStateException("function " + name() + " is closed");
    }
  }

  InstancePool<GuestInstance> pool() {
    return pool;
  }

  GuardedCall guard() {
    return guard;
  }

  StatsRecorder recorder() {
    return stats;
  }
}
