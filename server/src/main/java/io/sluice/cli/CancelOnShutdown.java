package io.sluice.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Cancels a load or export when the JVM is asked to stop (Ctrl-C, SIGTERM), and makes the stopping
 * JVM wait a while for it to give up cleanly: a load then commits nothing and removes what it
 * staged, an export removes its temporary file. (A SIGKILL cannot be caught; the next open of the
 * store removes what an unfinished load staged.)
 */
final class CancelOnShutdown implements BooleanSupplier, AutoCloseable {
  /** How long the stopping JVM waits for the work to end. */
  private static final Duration GRACE = Duration.ofSeconds(30);

  private final CountDownLatch ended = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean cancelled;

  private CancelOnShutdown(String what) {
    this.hook =
        new Thread(
            () -> {
              cancelled = true;
              try {
                ended.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sluice-" + what + "-shutdown");
  }

  /**
   * @param what what is running, for the hook thread's name
   * @return the installed hook; close it once the work is over
   */
  static CancelOnShutdown install(String what) {
    CancelOnShutdown cancellation = new CancelOnShutdown(what);
    Runtime.getRuntime().addShutdownHook(cancellation.hook);
    return cancellation;
  }

  /**
   * @return whether the JVM was asked to stop
   */
  @Override
  public boolean getAsBoolean() {
    return cancelled;
  }

  /** Lets a stopping JVM go on, and removes the hook unless the JVM is already stopping. */
  @Override
  public void close() {
    ended.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutting down: the hook is running or about to.
    }
  }
}
