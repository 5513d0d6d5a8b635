package io.sluice.jobs;

import java.time.Duration;

/** A job started in this process: watch it, wait for it, cancel it. Thread-safe. */
public interface JobHandle {

  /**
   * @return the job's id
   */
  long id();

  /**
   * @return a snapshot of the job now, counters included
   */
  JobStatus status();

  /**
   * Asks the job to stop: running tasks are interrupted (wasm calls too), temporary data is
   * dropped, nothing is published and the job ends CANCELLED. Does nothing once the job is final; a
   * job already publishing its output finishes.
   */
  void cancel();

  /**
   * Cancels the job as {@link #cancel()} does, recording why.
   *
   * @param reason what the job's error will say
   */
  void cancel(String reason);

  /**
   * Waits until the job is final.
   *
   * @return the final status of a job that succeeded
   * @throws JobException if it failed or was cancelled
   * @throws InterruptedException if this thread is interrupted while waiting (the job goes on)
   */
  JobStatus await() throws InterruptedException;

  /**
   * Waits until the job is final, or a while.
   *
   * @param timeout how long to wait at most
   * @return whether the job is final
   * @throws InterruptedException if this thread is interrupted while waiting
   */
  boolean await(Duration timeout) throws InterruptedException;
}
