package io.sluice.sql.catalog;

import io.sluice.sql.SluiceEngine;
import io.sluice.sql.exec.ExecutionEnvironment;
import io.sluice.sql.plan.ShardRel;
import io.sluice.sql.plan.ShardTableModifyRule;
import io.sluice.sql.plan.ShardTableScan;
import io.sluice.sql.type.SqlTypes;
import io.sluice.storage.TableDefinition;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A Sluice table as Calcite sees it: its rows come from a {@link ShardTableScan} over every shard,
 * and {@code INSERT} writes Arrow batches into it.
 */
public final class SluiceTable extends AbstractTable
    implements TranslatableTable, ModifiableTable, FragmentSource {
  private final SluiceEngine engine;
  private final TableDefinition definition;
  private final boolean pushdown;

  /**
   * @param engine the engine holding the store
   * @param definition the table's definition in the store's catalog
   * @param pushdown whether plans over this table push work into shard fragments
   */
  public SluiceTable(SluiceEngine engine, TableDefinition definition, boolean pushdown) {
    this.engine = engine;
    this.definition = definition;
    this.pushdown = pushdown;
  }

  @Override
  public io.sluice.sql.exec.ScanSource scanSource() {
    return new io.sluice.sql.exec.TableScanSource(definition.name());
  }

  @Override
  public org.apache.calcite.rel.RelWriter explain(org.apache.calcite.rel.RelWriter pw) {
    return pw.item("shards", definition.shardCount());
  }

  /**
   * @return whether plans over this table push work into shard fragments
   */
  @Override
  public boolean pushdown() {
    return pushdown;
  }

  /**
   * @return the table's name
   */
  public String name() {
    return definition.name();
  }

  /**
   * @return how many shards the table has
   */
  public int shardCount() {
    return definition.shardCount();
  }

  /**
   * @return the table's definition
   */
  public TableDefinition definition() {
    return definition;
  }

  /**
   * @return where fragments over this table run
   */
  @Override
  public ExecutionEnvironment environment() {
    return engine;
  }

  /**
   * @return the engine holding the table
   */
  public SluiceEngine engine() {
    return engine;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return SqlTypes.toRowType(definition.schema(), typeFactory);
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.of(engine.estimatedRowCount(definition.name()), List.of());
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelOptCluster cluster = context.getCluster();
    return new ShardTableScan(cluster, cluster.traitSetOf(ShardRel.CONVENTION), relOptTable, this);
  }

  @Override
  public TableModify toModificationRel(
      RelOptCluster cluster,
      RelOptTable table,
      Prepare.CatalogReader catalogReader,
      RelNode child,
      TableModify.Operation operation,
      List<String> updateColumnList,
      List<RexNode> sourceExpressionList,
      boolean flattened) {
    if (operation != TableModify.Operation.INSERT) {
      throw new UnsupportedOperationException(
          operation + " is not supported on table " + name() + "; only INSERT is");
    }
    // This planner belongs to this statement: swap Calcite's row-by-row collection insert for
    // Sluice's batched, atomic one.
    cluster.getPlanner().removeRule(EnumerableRules.ENUMERABLE_TABLE_MODIFICATION_RULE);
    cluster.getPlanner().addRule(ShardTableModifyRule.INSTANCE);
    return LogicalTableModify.create(
        table, catalogReader, child, operation, updateColumnList, sourceExpressionList, flattened);
  }

  @Override
  public Collection<?> getModifiableCollection() {
    // Rows are written by ShardTableModify in Arrow batches, never one by one through a collection.
    return null;
  }

  @Override
  public <T> Queryable<T> asQueryable(
      QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("table " + name() + " is read through its shards");
  }

  @Override
  public Type getElementType() {
    return Object[].class;
  }

  @Override
  public Expression getExpression(SchemaPlus schema, String tableName, Class clazz) {
    return Schemas.tableExpression(schema, getElementType(), tableName, clazz);
  }
}
