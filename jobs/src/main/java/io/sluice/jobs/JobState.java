package io.sluice.jobs;

/** Where a job is in its life; the last three are final. */
public enum JobState {
  /** Recorded, not started yet. */
  QUEUED,
  /** Its tasks are running. */
  RUNNING,
  /** Its output table was published, whole. */
  SUCCEEDED,
  /** A task failed, the job could not start its tasks, or the process running it stopped. */
  FAILED,
  /** Cancelled before it published anything. */
  CANCELLED;

  /**
   * @return whether the job can no longer change
   */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
