package io.sluice.sql.plan;

import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.exec.BatchedCalc;
import io.sluice.sql.exec.CalcPlan;
import io.sluice.sql.exec.ShardExpression;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
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
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.tools.Program;

/**
 * A filter and projection calling wasm functions that runs on the coordinator a batch of rows at a
 * time (see {@link BatchedCalc}), in place of Calcite's row-at-a-time {@link EnumerableCalc}. It
 * appears where wasm calls could not be pushed to the shards: above a join, a union or an
 * aggregate, over a table function, or with pushdown off.
 *
 * <p>It is not a planner choice: {@link #PROGRAM} rewrites the finished plan, replacing each calc
 * that calls wasm functions and whose expressions the shard evaluator supports.
 */
public final class CoordinatorCalc extends SingleRel implements EnumerableRel {
  private final RexNode condition;
  private final List<RexNode> projects;

  /**
   * @param cluster the planner's cluster
   * @param traits traits, in the enumerable convention
   * @param input the rows to compute over
   * @param condition the condition rows must meet, or null
   * @param projects the output expressions over the input
   * @param rowType the output row type
   */
  CoordinatorCalc(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      RexNode condition,
      List<RexNode> projects,
      RelDataType rowType) {
    super(cluster, traits, input);
    this.condition = condition;
    this.projects = List.copyOf(projects);
    this.rowType = rowType;
  }

  /**
   * Replaces, bottom up, every calc of a finished plan that calls wasm functions, and every lateral
   * wasm table function ({@link CoordinatorLateral}).
   */
  public static final Program PROGRAM =
      (planner, rel, requiredOutputTraits, materializations, lattices) -> rewrite(rel);

  static RelNode rewrite(RelNode rel) {
    return Vectorize.bottomUp(
        rel,
        node -> {
          if (node instanceof EnumerableCalc calc) {
            return of(calc);
          } else if (node instanceof Join join && node instanceof EnumerableRel) {
            return of(join);
          } else if (node instanceof EnumerableCorrelate correlate) {
            return CoordinatorLateral.of(correlate);
          }
          return null;
        });
  }

  /**
   * Takes the wasm calls out of an inner join's condition: the join keeps its equality keys and a
   * batched calc above it filters the joined rows (the same rows, since the join is inner).
   *
   * @param join a join
   * @return the join and the calc, or null when there is nothing to take out or it cannot be
   *     batched
   */
  static CoordinatorCalc of(Join join) {
    if (join.getJoinType() != JoinRelType.INNER || !WasmCalls.any(join.getCondition())) {
      return null;
    }
    RexBuilder rexBuilder = join.getCluster().getRexBuilder();
    JoinInfo info = join.analyzeCondition();
    RexNode remaining = info.getRemaining(rexBuilder);
    if (!WasmCalls.any(remaining)) {
      return null;
    }
    RexNode keys = info.getEquiCondition(join.getLeft(), join.getRight(), rexBuilder);
    Join equiJoin =
        join.copy(
            join.getTraitSet(),
            keys,
            join.getLeft(),
            join.getRight(),
            join.getJoinType(),
            join.isSemiJoinDone());
    List<RexNode> columns = new ArrayList<>();
    for (int i = 0; i < join.getRowType().getFieldCount(); i++) {
      columns.add(rexBuilder.makeInputRef(equiJoin, i));
    }
    CoordinatorCalc batched =
        new CoordinatorCalc(
            join.getCluster(), join.getTraitSet(), equiJoin, remaining, columns, join.getRowType());
    try {
      batched.plan();
      return batched;
    } catch (UnsupportedOperationException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * @param calc a calc
   * @return the same computation batched, or null when it calls no wasm function or the shard
   *     evaluator cannot run one of its expressions
   */
  static CoordinatorCalc of(EnumerableCalc calc) {
    RexProgram program = calc.getProgram();
    RexNode condition =
        program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    List<RexNode> projects = new ArrayList<>();
    program.getProjectList().forEach(p -> projects.add(program.expandLocalRef(p)));
    List<RexNode> all = new ArrayList<>(projects);
    if (condition != null) {
      all.add(condition);
    }
    if (!WasmCalls.any(all)) {
      return null;
    }
    CoordinatorCalc batched =
        new CoordinatorCalc(
            calc.getCluster(),
            calc.getTraitSet(),
            calc.getInput(),
            condition,
            projects,
            calc.getRowType());
    try {
      batched.plan();
      return batched;
    } catch (UnsupportedOperationException | ArithmeticException e) {
      return null;
    }
  }

  /** Translates the expressions for the shard evaluator; throws if one is not supported. */
  private CalcPlan plan() {
    return plan(getInput(), condition, projects);
  }

  /**
   * @param input the calc's input
   * @param condition the condition over the input, or null
   * @param projects the output expressions over the input
   * @return the plan the shard evaluator runs, input columns passed through as they are
   * @throws UnsupportedOperationException when the evaluator cannot run an expression
   */
  static CalcPlan plan(RelNode input, RexNode condition, List<RexNode> projects) {
    RexToShard translator =
        new RexToShard(input.getCluster().getRexBuilder(), input.getRowType().getFieldNames());
    ShardExpression filter = condition == null ? null : translator.translate(condition);
    List<CalcPlan.Output> outputs = new ArrayList<>();
    for (RexNode project : projects) {
      outputs.add(
          project instanceof RexInputRef ref
              ? CalcPlan.Output.of(ref.getIndex())
              : CalcPlan.Output.of(translator.translate(project)));
    }
    return CalcPlan.of(input.getRowType().getFieldCount(), filter, outputs);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CoordinatorCalc(
        getCluster(), traitSet, sole(inputs), condition, projects, getRowType());
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return condition == null
        ? mq.getRowCount(getInput())
        : RelMdUtil.estimateFilteredRows(getInput(), condition, mq);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    super.explainTerms(pw);
    pw.itemIf("condition", condition, condition != null);
    List<String> names = getRowType().getFieldNames();
    for (int i = 0; i < projects.size(); i++) {
      pw.item(names.get(i), projects.get(i));
    }
    return pw.item("batch", BatchedCalc.BATCH_ROWS);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
    BlockBuilder builder = new BlockBuilder();
    Expression input = builder.append("input", child.block);
    Expression rows = child.physType.convertTo(input, JavaRowFormat.ARRAY);
    boolean scalar = getRowType().getFieldCount() == 1;
    PhysType physType =
        PhysTypeImpl.of(
            implementor.getTypeFactory(),
            getRowType(),
            scalar ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY,
            false);
    Expression plan = implementor.stash(plan(), CalcPlan.class);
    Expression environment = Expressions.call(SluiceSchema.class, "environment", DataContext.ROOT);
    builder.add(
        Expressions.return_(
            null,
            Expressions.call(
                BatchedCalc.class,
                scalar ? "scalars" : "rows",
                DataContext.ROOT,
                environment,
                rows,
                plan)));
    return implementor.result(physType, builder.toBlock());
  }
}
