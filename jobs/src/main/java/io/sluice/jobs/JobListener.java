package io.sluice.jobs;

/**
 * Told how a running job is doing: about twice a second while it runs, and once more with its final
 * status. Called on one thread of the job's; keep it quick.
 */
@FunctionalInterface
public interface JobListener {

  /** A listener that ignores everything. */
  JobListener NONE = status -> {};

  /**
   * @param status a snapshot of the job
   */
  void onProgress(JobStatus status);
}
