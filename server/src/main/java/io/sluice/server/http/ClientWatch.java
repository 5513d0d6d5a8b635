package io.sluice.server.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends HTTP exchanges whose client stopped sending its request or reading the response for longer
 * than {@code limits.stalled_client}. The JDK's server reads and writes in blocking mode on the
 * request's thread, so a client that stops reading would otherwise hold that thread, the statement
 * and its Arrow memory for as long as the connection stays open.
 *
 * <p>Every request's thread carries a {@link Guard}. Its clock runs while the thread waits on the
 * client and is paused while the server itself works (running a statement, reading the next batch);
 * each completed write restarts it. When it runs out, the guard's stall action runs (cancelling the
 * statement) and the thread is interrupted: the socket channel it is blocked on is then closed, so
 * the write fails and the client sees a dropped connection, never a short result.
 */
final class ClientWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);
  private static final ThreadLocal<Guard> CURRENT = new ThreadLocal<>();

  private final long limitNanos;
  private final Set<Guard> guards = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sluice-http-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param limit how long a client may make no progress
   */
  ClientWatch(Duration limit) {
    this.limitNanos = limit.toNanos();
    long period = Math.max(10, Math.min(1_000, limit.toMillis() / 4));
    timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** One request's clock. */
  static final class Guard {
    private final Thread thread;
    private long since = System.nanoTime();
    private int paused;
    private boolean stalled;
    private boolean done;
    private Runnable onStall;

    private Guard(Thread thread) {
      this.thread = thread;
    }

    /** Stops the clock: the server, not the client, is working. */
    synchronized void pause() {
      paused++;
    }

    /** Restarts the clock after {@link #pause()}: the server waits on the client again. */
    synchronized void resume() {
      paused--;
      since = System.nanoTime();
    }

    /** Restarts the clock: the client took what was written. */
    synchronized void progress() {
      since = System.nanoTime();
    }

    /**
     * @param action what to stop when the client stalls (the running statement), or null
     */
    synchronized void onStall(Runnable action) {
      this.onStall = action;
    }

    /**
     * @return whether the client stalled and the exchange is being ended
     */
    synchronized boolean stalled() {
      return stalled;
    }

    private synchronized boolean expire(long now, long limitNanos) {
      if (done || stalled || paused > 0 || now - since <= limitNanos) {
        return false;
      }
      stalled = true;
      if (onStall != null) {
        onStall.run();
      }
      thread.interrupt();
      return true;
    }
  }

  /**
   * @return the guard of the calling request's thread, or null outside a request
   */
  static Guard current() {
    return CURRENT.get();
  }

  /**
   * @param task a request's work, as the JDK's server hands it to its executor
   * @return the task, run under a guard that starts while the request is still being read
   */
  Runnable watch(Runnable task) {
    return () -> {
      Guard guard = new Guard(Thread.currentThread());
      guards.add(guard);
      CURRENT.set(guard);
      try {
        task.run();
      } finally {
        CURRENT.remove();
        guards.remove(guard);
        synchronized (guard) {
          guard.done = true;
          // An interrupt meant for this request must not reach the pool's next one.
          Thread.interrupted();
        }
      }
    };
  }

  private void check() {
    long now = System.nanoTime();
    for (Guard guard : guards) {
      try {
        if (guard.expire(now, limitNanos)) {
          LOG.info(
              "an HTTP client made no progress for {} s (limits.stalled_client): dropping it",
              TimeUnit.NANOSECONDS.toSeconds(limitNanos));
        }
      } catch (RuntimeException e) {
        LOG.warn("ending a stalled HTTP exchange failed", e);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
