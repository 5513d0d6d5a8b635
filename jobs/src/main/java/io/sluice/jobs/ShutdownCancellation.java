package io.sluice.jobs;

import java.time.Duration;

/**
 * Cancels a job when the JVM is asked to stop (Ctrl-C, SIGTERM), and waits a while for the job to
 * clean up, so that a stopped {@code job run} leaves a CANCELLED record and no temporary data. A
 * SIGKILL cannot be caught: then the next open of the store marks the job failed and cleans up.
 */
public final class ShutdownCancellation implements AutoCloseable {
  /** How long the stopping JVM waits for the job to end. */
  public static final Duration GRACE = Duration.ofSeconds(30);

  private final Thread hook;

  private ShutdownCancellation(JobHandle job) {
    this.hook =
        new Thread(
            () -> {
              job.cancel("cancelled: the process running it was asked to stop (SIGINT/SIGTERM)");
              try {
                job.await(GRACE);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sluice-job-" + job.id() + "-shutdown");
  }

  /**
   * @param job a running job
   * @return the installed hook; close it once the job is over
   */
  public static ShutdownCancellation install(JobHandle job) {
    ShutdownCancellation cancellation = new ShutdownCancellation(job);
    Runtime.getRuntime().addShutdownHook(cancellation.hook);
    return cancellation;
  }

  /** Removes the hook, unless the JVM is already stopping (then it runs to its end). */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutting down: the hook is running or about to.
    }
  }
}
