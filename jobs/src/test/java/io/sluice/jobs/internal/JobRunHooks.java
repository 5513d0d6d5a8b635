package io.sluice.jobs.internal;

/** Reaches the test hooks of {@link JobRun} from the tests of other packages. */
public final class JobRunHooks {
  private JobRunHooks() {}

  /**
   * @param hook run on a job's coordinator right after it published its output
   */
  public static void afterPublish(Runnable hook) {
    JobRun.afterPublishForTests = hook;
  }
}
