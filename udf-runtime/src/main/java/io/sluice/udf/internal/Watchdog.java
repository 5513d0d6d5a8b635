package io.sluice.udf.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the wall-clock limit of guest calls: {@link #arm} schedules an interrupt of the calling
 * thread at the deadline. Chicory checks the thread's interrupt flag at every call and loop
 * back-edge (compiled and interpreted code alike) and then throws {@code
 * ChicoryInterruptedException}, so a stuck loop stops soon after its deadline.
 *
 * <p>One daemon thread serves the whole runtime; a deadline costs a scheduled task, cancelled when
 * the call returns in time.
 */
public final class Watchdog implements AutoCloseable {

  private final ScheduledThreadPoolExecutor timer;

  /** Starts the watchdog's thread. */
  public Watchdog() {
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "sluice-udf-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    // Calls usually finish in time: drop their cancelled tasks at once rather than at the deadline.
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Arms a deadline for a call about to run on the current thread. Close it when the call ends,
   * however it ends.
   *
   * @param timeout how long the call may take
   * @return the armed deadline
   */
  public Deadline arm(Duration timeout) {
    Deadline deadline = new Deadline(Thread.currentThread());
    deadline.schedule(timer.schedule(deadline::fire, timeout.toNanos(), TimeUnit.NANOSECONDS));
    return deadline;
  }

  /** Stops the watchdog's thread; deadlines still armed never fire. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
