package io.sluice.jobs;

import java.util.Objects;

/**
 * The progress of one task: what it read, what it wrote and where it is.
 *
 * @param phase map or reduce
 * @param index the input shard of a map task, the shuffle partition of a reduce task
 * @param state where the task is
 * @param rowsIn rows read: input rows for a map task, shuffled rows for a reduce task
 * @param rowsOut rows written: map output rows (before combining) or output rows
 * @param bytesShuffled bytes a map task wrote to the shuffle (what would cross the network between
 *     nodes): chunk headers and column values as stored
 * @param expectedRows an estimate of {@code rowsIn} when done, for progress; 0 when unknown
 * @param error why the task failed, or null
 */
public record TaskStatus(
    TaskPhase phase,
    int index,
    TaskState state,
    long rowsIn,
    long rowsOut,
    long bytesShuffled,
    long expectedRows,
    String error) {

  /** Checks the required parts. */
  public TaskStatus {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(state, "state");
  }

  /**
   * @return how far the task is, from 0 to 1
   */
  public double progress() {
    if (state == TaskState.DONE) {
      return 1;
    }
    if (expectedRows <= 0) {
      return 0;
    }
    // Never 1 before the task says so: the estimate may be short.
    return Math.min(0.99, (double) rowsIn / expectedRows);
  }

  /**
   * @return e.g. "map 3"
   */
  public String name() {
    return phase.name().toLowerCase(java.util.Locale.ROOT) + " " + index;
  }
}
