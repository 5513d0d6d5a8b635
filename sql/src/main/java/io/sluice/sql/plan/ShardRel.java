package io.sluice.sql.plan;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;

/** A relational operator that runs on every shard of a Sluice table, next to the data. */
public interface ShardRel extends RelNode {

  /** The calling convention of operators that run on shards. */
  Convention CONVENTION = new Convention.Impl("SHARD", ShardRel.class);

  /**
   * Adds this operator's part to the shard fragment being built; inputs go first.
   *
   * @param implementor the fragment being built
   */
  void implement(ShardImplementor implementor);
}
