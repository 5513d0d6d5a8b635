package io.sluice.jobs;

/** A job ended without publishing its output: it failed, or it was cancelled. */
public final class JobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient JobStatus status;

  /**
   * @param status the job's final status; its error is this exception's message
   */
  public JobException(JobStatus status) {
    super(
        "job "
            + status.id()
            + (status.state() == JobState.CANCELLED ? " was cancelled" : " failed")
            + (status.error() == null ? "" : ": " + status.error()));
    this.status = status;
  }

  /**
   * @return the job's final status (FAILED or CANCELLED)
   */
  public JobStatus status() {
    return status;
  }
}
