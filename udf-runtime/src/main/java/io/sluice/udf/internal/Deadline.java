package io.sluice.udf.internal;

import java.util.concurrent.Future;

/**
 * The deadline of one guest call, armed by the {@link Watchdog}. It interrupts the calling thread
 * at most once, and only while the call it was armed for is running.
 *
 * <p>Each call gets its own {@code Deadline}: the object is the call's generation, so a watchdog
 * task that fires late finds its deadline closed and cannot interrupt the thread's next call.
 * {@link #fire} interrupts under the same lock {@link #close} takes, so once {@code close} returns
 * no interrupt from this deadline can still arrive, and {@code close} clears the interrupt it
 * caused: the caller's thread never sees a leaked interrupt flag.
 */
public final class Deadline implements AutoCloseable {

  /** Where the call stands: running under the deadline, interrupted by it, or finished. */
  private enum State {
    ARMED,
    FIRED,
    CLOSED
  }

  private final Thread thread;
  private State state = State.ARMED;
  private Future<?> task;
  private long firedAt;

  Deadline(Thread thread) {
    this.thread = thread;
  }

  synchronized void schedule(Future<?> task) {
    this.task = task;
  }

  /** Called by the watchdog at the deadline: interrupts the call if it is still running. */
  synchronized void fire() {
    if (state == State.ARMED) {
      state = State.FIRED;
      firedAt = System.nanoTime();
      thread.interrupt();
    }
  }

  /**
   * @return whether the deadline passed while the call was running
   */
  public synchronized boolean fired() {
    return state == State.FIRED || (state == State.CLOSED && firedAt != 0);
  }

  /**
   * @return {@link System#nanoTime()} when the deadline fired, 0 when it did not
   */
  public synchronized long firedAtNanos() {
    return firedAt;
  }

  /** Disarms the deadline; clears the interrupt flag if this deadline set it. */
  @Override
  public void close() {
    Future<?> scheduled;
    synchronized (this) {
      if (state == State.FIRED) {
        // Our interrupt, not the caller's: consume it so it cannot hit the caller's next wait.
        Thread.interrupted();
      }
      state = State.CLOSED;
      scheduled = task;
    }
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }
}
