package io.sluice.jobs.internal;

import io.sluice.jobs.TaskPhase;
import io.sluice.jobs.TaskState;
import io.sluice.jobs.TaskStatus;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live counters of one task: written by the task's thread, read by the job's progress ticker.
 */
public final class TaskCounters {
  private final TaskPhase phase;
  private final int index;
  private final AtomicLong rowsIn = new AtomicLong();
  private final AtomicLong rowsOut = new AtomicLong();
  private final AtomicLong bytesShuffled = new AtomicLong();
  private volatile long expectedRows;
  private volatile TaskState state = TaskState.PENDING;
  private volatile String error;

  /**
   * @param phase map or reduce
   * @param index the shard or partition
   * @param expectedRows the estimated input rows, for progress
   */
  public TaskCounters(TaskPhase phase, int index, long expectedRows) {
    this.phase = phase;
    this.index = index;
    this.expectedRows = expectedRows;
  }

  /**
   * @param rows input rows read
   */
  public void read(long rows) {
    rowsIn.addAndGet(rows);
  }

  /**
   * @param rows rows produced
   */
  public void wrote(long rows) {
    rowsOut.addAndGet(rows);
  }

  /**
   * @param bytes bytes appended to the shuffle
   */
  public void shuffled(long bytes) {
    bytesShuffled.addAndGet(bytes);
  }

  /**
   * @param rows a better estimate of the input rows
   */
  public void expect(long rows) {
    expectedRows = rows;
  }

  /**
   * @param next the task's new state
   */
  public void state(TaskState next) {
    state = next;
  }

  /**
   * @return the task's state
   */
  public TaskState state() {
    return state;
  }

  /**
   * @param message why the task failed
   */
  public void fail(String message) {
    error = message;
    state = TaskState.FAILED;
  }

  /**
   * @return e.g. "map task 2"
   */
  public String name() {
    return phase.name().toLowerCase(java.util.Locale.ROOT) + " task " + index;
  }

  /**
   * @return the counters now
   */
  public TaskStatus snapshot() {
    return new TaskStatus(
        phase, index, state, rowsIn.get(), rowsOut.get(), bytesShuffled.get(), expectedRows, error);
  }
}
