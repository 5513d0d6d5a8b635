package io.sluice.sql.exec;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * The coordinator's entry to shard execution, called from the code Calcite generates for a {@code
 * ShardToEnumerableConverter}: runs a {@link ShardPlan} on every shard in parallel and yields the
 * fragments' rows.
 */
public final class ShardQuery {
  private ShardQuery() {}

  /**
   * @param root the execution's data context (parameters, cancel flag)
   * @param plan what to run on each shard
   * @return the rows of all shards, each an {@code Object[]} of Calcite values; the scan starts
   *     when the first enumerator is asked for its first row
   */
  public static Enumerable<Object[]> enumerable(DataContext root, ShardPlan plan) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new ShardEnumerator(root, plan);
      }
    };
  }

  /**
   * @param root the execution's data context
   * @param plan what to run on each shard; its output has exactly one column
   * @return the values of that column
   */
  public static Enumerable<Object> scalars(DataContext root, ShardPlan plan) {
    return enumerable(root, plan).select(row -> row[0]);
  }
}
