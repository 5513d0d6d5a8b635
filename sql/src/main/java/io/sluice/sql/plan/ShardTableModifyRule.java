package io.sluice.sql.plan;

import io.sluice.sql.catalog.SluiceTable;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalTableModify;

/** Turns an {@code INSERT} into a Sluice table into a {@link ShardTableModify}. */
public final class ShardTableModifyRule extends ConverterRule {

  /** The rule; registered by {@link SluiceTable#toModificationRel}. */
  public static final RelOptRule INSTANCE =
      Config.INSTANCE
          .withConversion(
              LogicalTableModify.class,
              (LogicalTableModify m) -> m.getTable().unwrap(SluiceTable.class) != null,
              Convention.NONE,
              EnumerableConvention.INSTANCE,
              "ShardTableModifyRule")
          .withRuleFactory(ShardTableModifyRule::new)
          .toRule(ShardTableModifyRule.class);

  private ShardTableModifyRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalTableModify modify = (LogicalTableModify) rel;
    RelTraitSet traits = modify.getTraitSet().replace(EnumerableConvention.INSTANCE);
    return new ShardTableModify(
        modify.getCluster(),
        traits,
        modify.getTable(),
        modify.getCatalogReader(),
        convert(modify.getInput(), traits),
        modify.isFlattened());
  }
}
