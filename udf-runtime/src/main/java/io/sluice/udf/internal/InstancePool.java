package io.sluice.udf.internal;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Idle instances of one function, handed out to one caller at a time.
 *
 * <p>An instance is either idle in the pool or held by exactly one caller between {@link #acquire}
 * and {@link #release}, so no two threads ever use it at once. A released instance is reset (to its
 * state right after initialization, so the next query cannot see this one's data) before it becomes
 * idle again; one that failed, cannot be reset, or does not fit is discarded. The pool bounds idle
 * instances, not callers: a burst of callers gets fresh instances, and the surplus is discarded
 * when they come back.
 *
 * @param <T> the instance type
 */
public final class InstancePool<T> implements AutoCloseable {

  /** How the pool makes, resets and throws away instances. */
  public interface Lifecycle<T> {
    /**
     * @return a new, initialized instance
     */
    T create();

    /**
     * Brings an instance back to its initial state.
     *
     * @param instance an instance just released in good health
     * @return whether it may be reused; false discards it
     */
    boolean reset(T instance);

    /**
     * Frees what an instance holds; it is never used again.
     *
     * @param instance the instance
     */
    void discard(T instance);
  }

  private final Lifecycle<T> lifecycle;
  private final ArrayBlockingQueue<T> idle;
  private final StatsRecorder stats;
  private volatile boolean closed;

  /**
   * @param lifecycle makes, resets and discards instances
   * @param maxIdle the most idle instances kept
   * @param stats where hits, misses, creations and discards are counted
   */
  public InstancePool(Lifecycle<T> lifecycle, int maxIdle, StatsRecorder stats) {
    this.lifecycle = lifecycle;
    this.idle = new ArrayBlockingQueue<>(Math.max(1, maxIdle));
    this.stats = stats;
  }

  /**
   * @return an instance for the caller's exclusive use until {@link #release}
   * @throws IllegalStateException when the pool is closed
   */
  public T acquire() {
    if (closed) {
      throw new IllegalStateException("the function was closed");
    }
    T instance = idle.poll();
    if (instance != null) {
      stats.poolHits.increment();
      return instance;
    }
    stats.poolMisses.increment();
    T created = lifecycle.create();
    stats.created.increment();
    return created;
  }

  /**
   * Gives an instance back.
   *
   * @param instance an instance from {@link #acquire}
   * @param healthy false after a trap, timeout, invalid result or any failure mid-call: the
   *     instance is then discarded, never reset and reused
   */
  public void release(T instance, boolean healthy) {
    boolean kept = healthy && !closed && resetOrFail(instance) && idle.offer(instance);
    if (!kept) {
      discard(instance);
      return;
    }
    if (closed) {
      // close() ran between the check and the offer: do not leave the instance behind.
      drain();
    }
  }

  /**
   * @return how many instances are idle now
   */
  public int idleCount() {
    return idle.size();
  }

  /** Discards every idle instance; instances still held are discarded when released. */
  @Override
  public void close() {
    closed = true;
    drain();
  }

  private boolean resetOrFail(T instance) {
    try {
      return lifecycle.reset(instance);
    } catch (RuntimeException e) {
      // An instance that cannot be reset is broken; discarding it is the whole remedy.
      return false;
    }
  }

  private void drain() {
    T instance;
    while ((instance = idle.poll()) != null) {
      discard(instance);
    }
  }

  private void discard(T instance) {
    stats.discarded.increment();
    lifecycle.discard(instance);
  }
}
