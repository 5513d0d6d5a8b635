package io.sluice.jobs.internal;

import io.sluice.jobs.JobSpec;
import io.sluice.storage.Store;

/**
 * The names of a job's temporary tables, {@code __job_<id>_input} (a query's rows), {@code
 * __job_<id>_shuffle} (map output, one shard per reduce partition) and {@code __job_<id>_output}
 * (the reducers' rows until they are published), and their removal.
 */
public final class TemporaryTables {
  /** Exactly the names this class gives, so that no other table is ever taken for one. */
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile(
          java.util.regex.Pattern.quote(JobSpec.TEMPORARY_PREFIX)
              + "([0-9]{1,18})_(input|shuffle|output)");

  private TemporaryTables() {}

  static String input(long job) {
    return JobSpec.TEMPORARY_PREFIX + job + "_input";
  }

  static String shuffle(long job) {
    return JobSpec.TEMPORARY_PREFIX + job + "_shuffle";
  }

  static String output(long job) {
    return JobSpec.TEMPORARY_PREFIX + job + "_output";
  }

  /**
   * Drops a job's temporary tables, those that exist.
   *
   * @param store the store
   * @param job the job's id
   */
  static void drop(Store store, long job) {
    store.dropTableIfExists(input(job));
    store.dropTableIfExists(shuffle(job));
    store.dropTableIfExists(output(job));
  }

  /**
   * Drops the temporary tables of every job not running now: what a stopped process left.
   *
   * @param store the store
   * @param running ids of the jobs running in this process
   * @return the tables dropped
   */
  public static java.util.List<String> dropAllBut(Store store, java.util.Set<Long> running) {
    java.util.List<String> dropped = new java.util.ArrayList<>();
    for (String name : store.tableNames()) {
      java.util.regex.Matcher match = NAME.matcher(name);
      if (match.matches() && !running.contains(Long.parseLong(match.group(1)))) {
        store.dropTableIfExists(name);
        dropped.add(name);
      }
    }
    return dropped;
  }
}
