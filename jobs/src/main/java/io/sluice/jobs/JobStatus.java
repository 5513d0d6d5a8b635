package io.sluice.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job as its durable record holds it, or as it runs: its spec, state, times, tasks and error. A
 * snapshot: it never changes once made.
 *
 * @param id the job's id, unique in its store, increasing
 * @param spec what it does
 * @param state where it is
 * @param createdAt when it was recorded
 * @param startedAt when its tasks began, or null
 * @param finishedAt when it reached its final state, or null
 * @param tasks every task with its progress, map tasks first (empty before the job starts)
 * @param error why it failed or was cancelled, or null
 * @param outputRows rows of the published output (0 until it succeeds)
 * @param pid the process that ran (or runs) it
 */
public record JobStatus(
    long id,
    JobSpec spec,
    JobState state,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    List<TaskStatus> tasks,
    String error,
    long outputRows,
    long pid) {

  /** Checks the required parts and copies the task list. */
  public JobStatus {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    tasks = List.copyOf(tasks);
  }

  /**
   * @param phase map or reduce
   * @return the tasks of that phase
   */
  public List<TaskStatus> tasks(TaskPhase phase) {
    return tasks.stream().filter(t -> t.phase() == phase).toList();
  }

  /**
   * @return tasks finished, of either phase
   */
  public long tasksDone() {
    return tasks.stream().filter(t -> t.state() == TaskState.DONE).count();
  }

  /**
   * @return input rows the map tasks read
   */
  public long inputRows() {
    return sum(TaskPhase.MAP, TaskStatus::rowsIn);
  }

  /**
   * @return rows the map function produced, before combining
   */
  public long mappedRows() {
    return sum(TaskPhase.MAP, TaskStatus::rowsOut);
  }

  /**
   * @return rows that went through the shuffle (what the reduce tasks read)
   */
  public long shuffledRows() {
    return sum(TaskPhase.REDUCE, TaskStatus::rowsIn);
  }

  /**
   * @return bytes the map tasks wrote to the shuffle
   */
  public long bytesShuffled() {
    return sum(TaskPhase.MAP, TaskStatus::bytesShuffled);
  }

  private long sum(TaskPhase phase, java.util.function.ToLongFunction<TaskStatus> counter) {
    return tasks.stream().filter(t -> t.phase() == phase).mapToLong(counter).sum();
  }

  /**
   * @return how far the job is, from 0 to 1: the mean progress of its tasks (1 once succeeded)
   */
  public double progress() {
    if (state == JobState.SUCCEEDED) {
      return 1;
    }
    return tasks.isEmpty()
        ? 0
        : tasks.stream().mapToDouble(TaskStatus::progress).sum() / tasks.size();
  }

  /**
   * @param now the time to measure to while the job runs
   * @return time from start to finish (or to {@code now}); zero before the start
   */
  public Duration elapsed(Instant now) {
    if (startedAt == null) {
      return Duration.ZERO;
    }
    return Duration.between(startedAt, finishedAt != null ? finishedAt : now);
  }

  /**
   * @param now the time to measure to while the job runs
   * @return input rows read per second so far
   */
  public double inputRowsPerSecond(Instant now) {
    double seconds = elapsed(now).toNanos() / 1e9;
    return seconds <= 0 ? 0 : inputRows() / seconds;
  }
}
