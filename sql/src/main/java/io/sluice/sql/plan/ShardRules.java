package io.sluice.sql.plan;

import io.sluice.sql.function.WasmTableFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The rules that push work into shard fragments. Each declines quietly (the plan keeps Calcite's
 * own operator, on the coordinator) when shards cannot run what it matched.
 */
public final class ShardRules {
  private ShardRules() {}

  /** Converts a filter whose whole condition shards evaluate. */
  public static final RelOptRule FILTER =
      ConverterRule.Config.INSTANCE
          .withConversion(
              LogicalFilter.class,
              (LogicalFilter f) ->
                  overShardScan(f.getInput()) && translatable(f.getCondition(), f.getInput()),
              Convention.NONE,
              ShardRel.CONVENTION,
              "ShardFilterRule")
          .withRuleFactory(FilterRule::new)
          .toRule(FilterRule.class);

  /** Converts a project all of whose expressions shards evaluate. */
  public static final RelOptRule PROJECT =
      ConverterRule.Config.INSTANCE
          .withConversion(
              LogicalProject.class,
              (LogicalProject p) ->
                  overShardScan(p.getInput(), true) && translatable(p.getProjects(), p.getInput()),
              Convention.NONE,
              ShardRel.CONVENTION,
              "ShardProjectRule")
          .withRuleFactory(ProjectRule::new)
          .toRule(ProjectRule.class);

  /** Splits a filter into the conjuncts shards evaluate (below) and the rest (above). */
  public static final RelOptRule FILTER_SPLIT =
      RuleConfig.of(
              "ShardFilterSplitRule",
              b -> b.operand(LogicalFilter.class).anyInputs(),
              FilterSplitRule::new)
          .toRule();

  /** Pulls the wasm calls out of a project that shards cannot run whole into one they can. */
  public static final RelOptRule PROJECT_SPLIT =
      RuleConfig.of(
              "ShardProjectSplitRule",
              b -> b.operand(LogicalProject.class).anyInputs(),
              ProjectSplitRule::new)
          .toRule();

  /** Splits an aggregate into partial aggregation on shards and a final one on the coordinator. */
  public static final RelOptRule AGGREGATE =
      RuleConfig.of(
              "ShardAggregateRule",
              b -> b.operand(LogicalAggregate.class).anyInputs(),
              AggregateRule::new)
          .toRule();

  /**
   * Applies a wasm table function laterally on the shards ({@code FROM t, LATERAL TABLE(f(t.c))}),
   * when its arguments are expressions shards evaluate over the other table's columns.
   */
  public static final RelOptRule LATERAL =
      ConverterRule.Config.INSTANCE
          .withConversion(
              LogicalCorrelate.class,
              (LogicalCorrelate c) -> lateralArguments(c) != null && overShardScan(c.getLeft()),
              Convention.NONE,
              ShardRel.CONVENTION,
              "ShardLateralRule")
          .withRuleFactory(LateralRule::new)
          .toRule(LateralRule.class);

  /** Hands a shard fragment's results to the coordinator's enumerable operators. */
  public static final RelOptRule TO_ENUMERABLE =
      ConverterRule.Config.INSTANCE
          .withConversion(
              RelNode.class,
              ShardRel.CONVENTION,
              EnumerableConvention.INSTANCE,
              "ShardToEnumerableConverterRule")
          .withRuleFactory(ToEnumerableRule::new)
          .toRule(ToEnumerableRule.class);

  /** Every rule of the SHARD convention, registered by each shard table scan. */
  public static final List<RelOptRule> RULES =
      List.of(FILTER, PROJECT, FILTER_SPLIT, PROJECT_SPLIT, AGGREGATE, LATERAL, TO_ENUMERABLE);

  /** The rules when pushdown is off: shards only scan, everything else runs on the coordinator. */
  public static final List<RelOptRule> SCAN_ONLY = List.of(TO_ENUMERABLE);

  // ---------------------------------------------------------------------------------------------

  /**
   * Whether a rel is filters and projects over a scan of a Sluice table, i.e. something a shard
   * fragment computes (a partial aggregate, a join or another table's rows are not).
   */
  static boolean overShardScan(RelNode rel) {
    return overShardScan(rel, false);
  }

  /**
   * @param rel a rel
   * @param lateralAllowed whether one lateral wasm table function may be part of it (not below a
   *     filter: a fragment filters its rows before it applies the function)
   * @return whether it is filters, projects (and perhaps a lateral table function) over a scan
   */
  static boolean overShardScan(RelNode rel, boolean lateralAllowed) {
    RelNode node = rel instanceof RelSubset subset ? subset.getOriginal() : rel;
    if (node instanceof Filter) {
      return overShardScan(node.getInput(0), false);
    }
    if (node instanceof Project) {
      return overShardScan(node.getInput(0), lateralAllowed);
    }
    if (node instanceof Correlate correlate) {
      return lateralAllowed
          && lateralArguments(correlate) != null
          && overShardScan(correlate.getLeft(), false);
    }
    return node instanceof ShardTableScan;
  }

  /**
   * The arguments of a lateral wasm table function over the left input's columns, or null when the
   * correlate is not one shards run: an inner correlate whose right side is a wasm table function
   * whose arguments shards evaluate over the left row, and whose columns they hold.
   */
  static List<RexNode> lateralArguments(Correlate correlate) {
    if (correlate.getJoinType() != JoinRelType.INNER) {
      return null;
    }
    TableFunctionScan scan = WasmCalls.wasmTableFunctionScan(correlate.getRight());
    if (scan == null) {
      return null;
    }
    RexCall call = (RexCall) scan.getCall();
    RelNode left = correlate.getLeft();
    CorrelationId id = correlate.getCorrelationId();
    boolean[] foreign = {false};
    RexShuttle toInputs =
        new RexShuttle() {
          @Override
          public RexNode visitFieldAccess(RexFieldAccess access) {
            if (access.getReferenceExpr() instanceof RexCorrelVariable variable
                && variable.id.equals(id)) {
              return new RexInputRef(access.getField().getIndex(), access.getType());
            }
            return super.visitFieldAccess(access);
          }

          @Override
          public RexNode visitCorrelVariable(RexCorrelVariable variable) {
            foreign[0] = true;
            return variable;
          }
        };
    // Arguments reach the guest as vectors of the parameters' exact types: cast where the
    // validator let another type through (an INT column for a BIGINT parameter, a DECIMAL literal).
    List<org.apache.calcite.schema.FunctionParameter> parameters =
        WasmCalls.tableFunction(scan).getParameters();
    if (parameters.size() != call.getOperands().size()) {
      return null;
    }
    RexBuilder rexBuilder = correlate.getCluster().getRexBuilder();
    List<RexNode> arguments = new ArrayList<>();
    for (int i = 0; i < call.getOperands().size(); i++) {
      RexNode argument = call.getOperands().get(i).accept(toInputs);
      org.apache.calcite.rel.type.RelDataType parameter =
          parameters.get(i).getType(rexBuilder.getTypeFactory());
      if (argument.getType().getSqlTypeName() != parameter.getSqlTypeName()) {
        argument =
            rexBuilder.makeCast(
                rexBuilder
                    .getTypeFactory()
                    .createTypeWithNullability(parameter, argument.getType().isNullable()),
                argument);
      }
      arguments.add(argument);
    }
    if (foreign[0] || !translatable(arguments, left) || !computesNothing(left)) {
      return null;
    }
    for (RelDataTypeField field : scan.getRowType().getFieldList()) {
      try {
        io.sluice.sql.exec.ExprType.of(field.getType()).lane();
      } catch (UnsupportedOperationException e) {
        return null;
      }
    }
    return arguments;
  }

  static boolean translatable(RexNode node, RelNode input) {
    try {
      translator(input).translate(node);
      return true;
    } catch (UnsupportedOperationException | ArithmeticException e) {
      return false;
    }
  }

  static boolean translatable(List<RexNode> nodes, RelNode input) {
    for (RexNode node : nodes) {
      if (!translatable(node, input)) {
        return false;
      }
    }
    return true;
  }

  private static RexToShard translator(RelNode input) {
    return new RexToShard(input.getCluster().getRexBuilder(), input.getRowType().getFieldNames());
  }

  /** See {@link #FILTER}. */
  static final class FilterRule extends ConverterRule {
    FilterRule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      LogicalFilter filter = (LogicalFilter) rel;
      RelTraitSet traits = filter.getTraitSet().replace(ShardRel.CONVENTION);
      return new ShardFilter(
          filter.getCluster(), traits, convert(filter.getInput(), traits), filter.getCondition());
    }
  }

  /** See {@link #PROJECT}. */
  static final class ProjectRule extends ConverterRule {
    ProjectRule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      LogicalProject project = (LogicalProject) rel;
      RelTraitSet traits = project.getTraitSet().replace(ShardRel.CONVENTION);
      return new ShardProject(
          project.getCluster(),
          traits,
          convert(project.getInput(), traits),
          project.getProjects(),
          project.getRowType());
    }
  }

  /**
   * Whether the filters and projects below a lateral function compute no new values: its output
   * repeats each input row per output row, and a fragment evaluates the projections after that, so
   * a computed (perhaps wasm) value would be computed once per output row instead of once per row.
   */
  private static boolean computesNothing(RelNode rel) {
    RelNode node = rel instanceof RelSubset subset ? subset.getOriginal() : rel;
    if (node instanceof Project project) {
      for (RexNode expression : project.getProjects()) {
        if (!(expression instanceof RexInputRef)) {
          return false;
        }
      }
      return computesNothing(project.getInput());
    }
    if (node instanceof Filter filter) {
      return computesNothing(filter.getInput());
    }
    return true;
  }

  /** See {@link #LATERAL}. */
  static final class LateralRule extends ConverterRule {
    LateralRule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      LogicalCorrelate correlate = (LogicalCorrelate) rel;
      WasmTableFunction function =
          WasmCalls.tableFunction(WasmCalls.wasmTableFunctionScan(correlate.getRight()));
      RelTraitSet traits = correlate.getTraitSet().replace(ShardRel.CONVENTION);
      return new ShardLateral(
          correlate.getCluster(),
          traits,
          convert(correlate.getLeft(), traits),
          function,
          lateralArguments(correlate),
          correlate.getRowType());
    }
  }

  /** See {@link #TO_ENUMERABLE}. */
  static final class ToEnumerableRule extends ConverterRule {
    ToEnumerableRule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      RelTraitSet traits = rel.getTraitSet().replace(EnumerableConvention.INSTANCE);
      return new ShardToEnumerableConverter(rel.getCluster(), traits, rel);
    }
  }

  /** See {@link #FILTER_SPLIT}. */
  static final class FilterSplitRule extends RelRule<RuleConfig> {
    FilterSplitRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      if (!overShardScan(filter.getInput())) {
        return;
      }
      List<RexNode> pushed = new ArrayList<>();
      List<RexNode> kept = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
        (translatable(conjunct, filter.getInput()) ? pushed : kept).add(conjunct);
      }
      if (pushed.isEmpty() || kept.isEmpty()) {
        return;
      }
      RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
      RelNode bottom =
          LogicalFilter.create(filter.getInput(), RexUtil.composeConjunction(rexBuilder, pushed));
      call.transformTo(LogicalFilter.create(bottom, RexUtil.composeConjunction(rexBuilder, kept)));
    }
  }

  /** See {@link #PROJECT_SPLIT}. */
  static final class ProjectSplitRule extends RelRule<RuleConfig> {
    ProjectSplitRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      RelNode input = project.getInput();
      if (!overShardScan(input, true)
          || translatable(project.getProjects(), input)
          || !WasmCalls.any(project.getProjects())) {
        return;
      }
      // The bottom project computes every maximal sub-expression that calls a wasm function and
      // that shards evaluate, plus the input columns the rest still needs.
      List<RexNode> bottom = new ArrayList<>();
      RexShuttle extractor =
          new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall node) {
              if (WasmCalls.any(node) && translatable(node, input)) {
                return reference(bottom, node);
              }
              return super.visitCall(node);
            }

            @Override
            public RexNode visitInputRef(RexInputRef ref) {
              return reference(bottom, ref);
            }
          };
      List<RexNode> top = new ArrayList<>();
      for (RexNode expression : project.getProjects()) {
        top.add(expression.accept(extractor));
      }
      if (bottom.stream().noneMatch(WasmCalls::any)) {
        return;
      }
      RelNode lower =
          LogicalProject.create(input, List.of(), bottom, (List<String>) null, java.util.Set.of());
      call.transformTo(
          LogicalProject.create(
              lower, List.of(), top, project.getRowType().getFieldNames(), java.util.Set.of()));
    }

    private static RexNode reference(List<RexNode> bottom, RexNode node) {
      int index = bottom.indexOf(node);
      if (index < 0) {
        index = bottom.size();
        bottom.add(node);
      }
      return new RexInputRef(index, node.getType());
    }
  }

  /** See {@link #AGGREGATE}. */
  static final class AggregateRule extends RelRule<RuleConfig> {
    AggregateRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalAggregate aggregate = call.rel(0);
      if (!overShardScan(aggregate.getInput(), true)
          || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
        return;
      }
      RelNode input = aggregate.getInput();
      for (int key : aggregate.getGroupSet()) {
        if (!shardType(input, key)) {
          return;
        }
      }
      RelDataTypeFactory typeFactory = aggregate.getCluster().getTypeFactory();
      int groupCount = aggregate.getGroupCount();
      List<AggregateCall> partialCalls = new ArrayList<>();
      List<AggregateCall> finalCalls = new ArrayList<>();
      RelTraitSet shardTraits = aggregate.getTraitSet().replace(ShardRel.CONVENTION);
      RelNode shardInput = convert(input, shardTraits);
      for (AggregateCall original : aggregate.getAggCallList()) {
        if (original.isDistinct()
            || original.filterArg >= 0
            || !original.getCollation().getFieldCollations().isEmpty()
            || !original.rexList.isEmpty()) {
          return;
        }
        for (int argument : original.getArgList()) {
          if (!shardType(input, argument)) {
            return;
          }
        }
        int partialColumn = groupCount + partialCalls.size();
        SqlAggFunction function = original.getAggregation();
        if (function instanceof SqlUserDefinedAggFunction udaf
            && udaf.function instanceof ShardAggregatable wasm) {
          partialCalls.add(
              AggregateCall.create(
                  wasm.partialFunction(),
                  false,
                  original.getArgList(),
                  groupCount,
                  input,
                  typeFactory.createTypeWithNullability(
                      typeFactory.createSqlType(org.apache.calcite.sql.type.SqlTypeName.VARBINARY),
                      true),
                  original.getName()));
          finalCalls.add(finalCall(wasm.mergeFunction(), partialColumn, original, groupCount));
          continue;
        }
        SqlAggFunction merge;
        switch (function.getKind()) {
          case COUNT:
            if (original.getArgList().size() > 1) {
              return;
            }
            merge = SqlStdOperatorTable.SUM0;
            break;
          case SUM:
            merge = SqlStdOperatorTable.SUM;
            break;
          case SUM0:
            merge = SqlStdOperatorTable.SUM0;
            break;
          case MIN:
            merge = SqlStdOperatorTable.MIN;
            break;
          case MAX:
            merge = SqlStdOperatorTable.MAX;
            break;
          default:
            return;
        }
        partialCalls.add(original);
        finalCalls.add(finalCall(merge, partialColumn, original, groupCount));
      }
      ShardAggregate partial =
          new ShardAggregate(
              aggregate.getCluster(),
              shardTraits,
              shardInput,
              aggregate.getGroupSet(),
              partialCalls);
      call.transformTo(
          LogicalAggregate.create(
              partial, List.of(), ImmutableBitSet.range(groupCount), null, finalCalls));
    }

    private static AggregateCall finalCall(
        SqlAggFunction merge, int partialColumn, AggregateCall original, int groupCount) {
      return AggregateCall.create(
          merge,
          false,
          false,
          false,
          List.of(),
          List.of(partialColumn),
          -1,
          null,
          original.getCollation(),
          original.getType(),
          original.getName());
    }

    /** Whether shards hold values of an input column's type. */
    private static boolean shardType(RelNode input, int column) {
      try {
        io.sluice.sql.exec.ExprType.of(input.getRowType().getFieldList().get(column).getType())
            .lane();
        return true;
      } catch (UnsupportedOperationException e) {
        return false;
      }
    }
  }
}
