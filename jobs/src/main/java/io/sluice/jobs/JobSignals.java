package io.sluice.jobs;

import io.sluice.jobs.internal.JobFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a process that cannot open a store, because another process has it, can still do about the
 * jobs that process runs: read their live status and ask it to cancel one. Both go through small
 * files under {@code <data>/jobs/}: the running job rewrites its status there twice a second and
 * looks for a cancellation request as often.
 */
public final class JobSignals {
  private JobSignals() {}

  /**
   * @param dataDirectory the store's data directory
   * @return the jobs running now in a living process, by id
   */
  public static List<JobStatus> running(Path dataDirectory) {
    return new JobFiles(dataDirectory).liveStatuses();
  }

  /**
   * @param dataDirectory the store's data directory
   * @param id a job
   * @return the job's live status, if a living process runs it
   */
  public static Optional<JobStatus> running(Path dataDirectory, long id) {
    return new JobFiles(dataDirectory).liveStatus(id);
  }

  /**
   * @param dataDirectory the store's data directory
   * @param id a job
   * @return the job's status as its process last published it, final once it ended: how a process
   *     that asked for a cancellation learns the outcome
   */
  public static Optional<JobStatus> lastKnown(Path dataDirectory, long id) {
    return new JobFiles(dataDirectory).lastStatus(id);
  }

  /**
   * Asks the process running a job to cancel it; it does within about half a second.
   *
   * @param dataDirectory the store's data directory
   * @param id the job
   * @return whether a living process runs the job (the request is written only then)
   */
  public static boolean requestCancel(Path dataDirectory, long id) {
    JobFiles files = new JobFiles(dataDirectory);
    if (files.liveStatus(id).isEmpty()) {
      return false;
    }
    files.requestCancel(id);
    return true;
  }
}
