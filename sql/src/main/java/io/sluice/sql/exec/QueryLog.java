package io.sluice.sql.exec;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most recent shard fragment executions of an engine, newest last, for {@code sys.queries} and
 * {@code EXPLAIN ANALYZE}: what ran on the shards and what it moved to the coordinator.
 */
public final class QueryLog {
  /** How many executions are kept. */
  public static final int CAPACITY = 1000;

  private static final ThreadLocal<List<Entry>> OBSERVED = new ThreadLocal<>();

  private final AtomicLong ids = new AtomicLong();
  private final Deque<Entry> entries = new ArrayDeque<>();

  /**
   * One finished fragment execution.
   *
   * @param id increasing id
   * @param sql the statement, when known
   * @param fragment what ran on each shard
   * @param started when it started
   * @param elapsedNanos how long it ran, until its results were consumed or it was closed
   * @param stats what it did
   * @param outcome {@code ok}, {@code cancelled} or the failure message
   */
  public record Entry(
      long id,
      String sql,
      String fragment,
      Instant started,
      long elapsedNanos,
      QueryStats.Snapshot stats,
      String outcome) {}

  /**
   * @return a new execution id
   */
  long nextId() {
    return ids.incrementAndGet();
  }

  synchronized void add(Entry entry) {
    entries.addLast(entry);
    while (entries.size() > CAPACITY) {
      entries.removeFirst();
    }
    List<Entry> observed = OBSERVED.get();
    if (observed != null) {
      observed.add(entry);
    }
  }

  /**
   * @return the kept executions, oldest first
   */
  public synchronized List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  /**
   * Collects, on this thread, every execution that finishes until the returned list is released
   * with {@link #stopObserving()}. Used by EXPLAIN ANALYZE.
   *
   * @return the list that receives them
   */
  public static List<Entry> observe() {
    List<Entry> list = new ArrayList<>();
    OBSERVED.set(list);
    return list;
  }

  /** Stops collecting on this thread. */
  public static void stopObserving() {
    OBSERVED.remove();
  }
}
