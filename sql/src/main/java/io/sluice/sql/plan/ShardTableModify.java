package io.sluice.sql.plan;

import io.sluice.sql.catalog.SluiceTable;
import io.sluice.sql.exec.TableInserter;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;

/**
 * {@code INSERT} into a Sluice table: the rows of its input become Arrow batches, appended to the
 * table's shards in one atomic write, so a statement's rows are all there or none is.
 */
public final class ShardTableModify extends TableModify implements EnumerableRel {

  ShardTableModify(
      RelOptCluster cluster,
      RelTraitSet traitSet,
      RelOptTable table,
      Prepare.CatalogReader catalogReader,
      RelNode input,
      boolean flattened) {
    super(cluster, traitSet, table, catalogReader, input, Operation.INSERT, null, null, flattened);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ShardTableModify(
        getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs), isFlattened());
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
    Expression rows =
        builder.append(
            "rows",
            input.physType.convertTo(builder.append("input", input.block), JavaRowFormat.ARRAY));
    SluiceTable table = getTable().unwrapOrThrow(SluiceTable.class);
    builder.add(
        Expressions.return_(
            null,
            Expressions.call(
                TableInserter.class,
                "insert",
                DataContext.ROOT,
                implementor.stash(table, SluiceTable.class),
                rows)));
    PhysType physType =
        PhysTypeImpl.of(
            implementor.getTypeFactory(), getRowType(), pref.prefer(JavaRowFormat.SCALAR));
    return implementor.result(physType, builder.toBlock());
  }
}
