package io.sluice.jobs;

/** Where one task of a job is. */
public enum TaskState {
  /** Waiting for a worker thread. */
  PENDING,
  /** Reading, calling its functions, writing. */
  RUNNING,
  /** Finished; its output is written. */
  DONE,
  /** Failed; the job fails with its error. */
  FAILED,
  /** Stopped because the job was cancelled or another task failed. */
  CANCELLED
}
