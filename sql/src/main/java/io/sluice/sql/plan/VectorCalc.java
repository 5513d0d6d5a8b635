package io.sluice.sql.plan;

import io.sluice.sql.exec.CalcPlan;
import io.sluice.sql.exec.vector.VectorPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * A filter and projection over vectorized rows, run by the shard evaluator a batch at a time
 * ({@link VectorPlan.Calc}); wasm calls in it run once per batch. It replaces Calcite's {@link
 * EnumerableCalc} after planning when its input is vectorized and the evaluator supports every
 * expression.
 */
public final class VectorCalc extends Calc implements VectorRel {
  private final CalcPlan calc;

  private VectorCalc(
      RelOptCluster cluster, RelTraitSet traits, RelNode input, RexProgram program, CalcPlan calc) {
    super(cluster, traits, List.of(), input, program);
    this.calc = calc;
  }

  /**
   * @param calc a calc Calcite planned
   * @return the same calc vectorized, or null when the evaluator cannot run one of its expressions
   */
  static VectorCalc of(EnumerableCalc calc) {
    RexProgram program = calc.getProgram();
    RelNode input = calc.getInput();
    try {
      VectorRel.lanes(calc.getRowType());
      VectorRel.fields(calc.getRowType());
      VectorRel.lanes(input.getRowType());
      RexNode condition =
          program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
      List<RexNode> projects = new ArrayList<>();
      program.getProjectList().forEach(p -> projects.add(program.expandLocalRef(p)));
      CalcPlan plan = CoordinatorCalc.plan(input, condition, projects);
      return new VectorCalc(calc.getCluster(), calc.getTraitSet(), input, program, plan);
    } catch (UnsupportedOperationException | IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  @Override
  public Calc copy(RelTraitSet traitSet, RelNode child, RexProgram program) {
    return new VectorCalc(getCluster(), traitSet, child, program, calc);
  }

  @Override
  public VectorPlan vectorPlan(Inputs inputs) {
    return new VectorPlan.Calc(inputs.of(this, 0), calc, VectorRel.lanes(getRowType()));
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return VectorRel.implement(this, implementor);
  }
}
