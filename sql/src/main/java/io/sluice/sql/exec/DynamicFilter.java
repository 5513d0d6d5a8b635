package io.sluice.sql.exec;

import io.sluice.storage.Predicate;

/**
 * A filter made while a query runs: the distinct keys of a hash join's build side, applied to the
 * probe side's shard scan before its rows leave the shards. Rows whose key the build side does not
 * hold could never match, so the shards drop them (and, with a key range, skip the chunks whose
 * statistics lie outside it) instead of sending them to the coordinator.
 *
 * <p>Each shard measures the filter on the rows it tests and stops applying it once it passes
 * nearly every row: a build side that holds every key of the probe side (a foreign key joined to
 * its whole table) costs one sample, not a hash lookup per row.
 *
 * @param column the scan column of the shard fragment the keys are compared with
 * @param keys the build side's distinct keys
 * @param range a predicate on that column for chunk pruning (the keys' minimum and maximum), or
 *     null
 * @param description what the filter tests, for the query log
 */
public record DynamicFilter(int column, Keys keys, Predicate range, String description) {

  /** Rows a shard tests before it judges whether the filter is worth keeping. */
  public static final int SAMPLE_ROWS = 1 << 16;

  /** Above this share of rows passing, a shard stops applying the filter. */
  public static final double KEEP_BELOW_PASS_RATE = 0.75;

  /** The build side's keys; read-only once made, so shard threads may test them concurrently. */
  public interface Keys {
    /**
     * @param values a column of the probe side, in the keys' lane
     * @param rows rows in it
     * @param keep set to false for each row whose value is NULL or not a key; rows already false
     *     stay false
     */
    void retain(Column values, int rows, boolean[] keep);

    /**
     * @return how many distinct keys there are
     */
    int size();
  }

  @Override
  public String toString() {
    return description;
  }
}
