package io.sluice.sql.plan;

import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.exec.BatchedCalc;
import io.sluice.sql.exec.BatchedLateral;
import io.sluice.sql.exec.LateralPlan;
import io.sluice.sql.function.WasmTableFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableCorrelate;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexNode;

/**
 * A wasm table function applied laterally to every row of its input ({@code FROM t, LATERAL
 * TABLE(f(t.col))}, or {@code LEFT JOIN LATERAL ... ON TRUE}) on the coordinator a batch of rows at
 * a time (see {@link BatchedLateral}), in place of Calcite's correlate, which calls the function
 * once per row.
 *
 * <p>Like {@link CoordinatorCalc} it is not a planner choice: {@link CoordinatorCalc#PROGRAM}
 * replaces each correlate whose right side is a wasm table function called on columns of the left
 * row. Other correlates (arguments computed by expressions, other functions) keep Calcite's.
 */
public final class CoordinatorLateral extends SingleRel implements EnumerableRel {
  private final RexCall invocation;
  private final WasmTableFunction function;
  private final int[] argumentColumns;
  private final boolean outer;

  private CoordinatorLateral(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      RexCall invocation,
      WasmTableFunction function,
      int[] argumentColumns,
      boolean outer,
      RelDataType rowType) {
    super(cluster, traits, input);
    this.invocation = invocation;
    this.function = function;
    this.argumentColumns = argumentColumns.clone();
    this.outer = outer;
    this.rowType = rowType;
  }

  /**
   * @param correlate a correlate of a finished plan
   * @return the same lateral join batched, or null when it is not a wasm table function called on
   *     plain columns of the left row
   */
  static CoordinatorLateral of(EnumerableCorrelate correlate) {
    JoinRelType type = correlate.getJoinType();
    if (type != JoinRelType.INNER && type != JoinRelType.LEFT) {
      return null;
    }
    TableFunctionScan scan = WasmCalls.wasmTableFunctionScan(correlate.getRight());
    if (scan == null) {
      return null;
    }
    RexCall call = (RexCall) scan.getCall();
    WasmTableFunction function = WasmCalls.tableFunction(scan);
    CorrelationId id = correlate.getCorrelationId();
    int[] columns = new int[call.getOperands().size()];
    for (int a = 0; a < columns.length; a++) {
      RexNode operand = call.getOperands().get(a);
      if (!(operand instanceof RexFieldAccess access)
          || !(access.getReferenceExpr() instanceof RexCorrelVariable variable)
          || !variable.id.equals(id)) {
        return null;
      }
      columns[a] = access.getField().getIndex();
    }
    int leftColumns = correlate.getLeft().getRowType().getFieldCount();
    if (correlate.getRowType().getFieldCount() != leftColumns + scan.getRowType().getFieldCount()) {
      return null;
    }
    return new CoordinatorLateral(
        correlate.getCluster(),
        correlate.getTraitSet(),
        correlate.getLeft(),
        call,
        function,
        columns,
        type == JoinRelType.LEFT,
        correlate.getRowType());
  }

  private LateralPlan plan() {
    int functionColumns = getRowType().getFieldCount() - getInput().getRowType().getFieldCount();
    return new LateralPlan(function.batchCall(), argumentColumns, functionColumns, outer);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CoordinatorLateral(
        getCluster(),
        traitSet,
        sole(inputs),
        invocation,
        function,
        argumentColumns,
        outer,
        getRowType());
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return mq.getRowCount(getInput()) * 4;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> names = getInput().getRowType().getFieldNames();
    List<String> arguments = new ArrayList<>();
    for (int column : argumentColumns) {
      arguments.add(names.get(column));
    }
    return super.explainTerms(pw)
        .item("function", function.version().name() + "(" + String.join(", ", arguments) + ")")
        .item("joinType", outer ? "left" : "inner")
        .item("batch", BatchedCalc.BATCH_ROWS);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
    BlockBuilder builder = new BlockBuilder();
    Expression input = builder.append("input", child.block);
    Expression rows = child.physType.convertTo(input, JavaRowFormat.ARRAY);
    PhysType physType =
        PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
    Expression plan = implementor.stash(plan(), LateralPlan.class);
    Expression environment = Expressions.call(SluiceSchema.class, "environment", DataContext.ROOT);
    builder.add(
        Expressions.return_(
            null,
            Expressions.call(
                BatchedLateral.class, "rows", DataContext.ROOT, environment, rows, plan)));
    return implementor.result(physType, builder.toBlock());
  }
}
