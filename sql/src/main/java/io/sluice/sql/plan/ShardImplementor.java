package io.sluice.sql.plan;

import io.sluice.sql.catalog.FragmentSource;
import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.ParameterPrune;
import io.sluice.sql.exec.PartialAggregate;
import io.sluice.sql.exec.ShardExpression;
import io.sluice.sql.exec.ShardPlan;
import io.sluice.storage.Predicate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * Builds a {@link ShardPlan} by walking a tree of {@link ShardRel}s from the scan up: the scan sets
 * the table, filters add conditions (and chunk-pruning predicates), a project sets the computed
 * columns, an aggregate sets the partial aggregation. Finally only the columns the fragment reads
 * are scanned.
 */
public final class ShardImplementor {
  private FragmentSource table;
  private List<String> tableColumns;
  private List<ExprType> tableTypes;
  private final List<ShardExpression> conditions = new ArrayList<>();
  private final List<Predicate> pruning = new ArrayList<>();
  private final List<ParameterPrune> parameterPruning = new ArrayList<>();
  private List<ShardExpression> projects;
  private PartialAggregate aggregate;
  private int physicalColumns = -1;
  private io.sluice.sql.exec.WasmTableCall lateralFunction;
  private List<ShardExpression> lateralArguments;

  /**
   * @param input a shard operator whose part goes first
   */
  void visitChild(RelNode input) {
    ((ShardRel) input).implement(this);
  }

  /**
   * @param input the operator whose output an expression reads
   * @return a translator of expressions over that output
   */
  RexToShard translator(RelNode input) {
    return new RexToShard(input.getCluster().getRexBuilder(), input.getRowType().getFieldNames());
  }

  /**
   * @param expression an expression over the fragment's current columns
   * @return the same expression over the table's columns (projections substituted)
   */
  ShardExpression inline(ShardExpression expression) {
    return projects == null ? expression : ShardExpressions.inline(expression, projects);
  }

  /**
   * @return the names of the table's columns
   */
  List<String> tableColumnNames() {
    return tableColumns;
  }

  void scan(FragmentSource table, RelDataType rowType) {
    this.table = table;
    this.tableColumns = new ArrayList<>();
    this.tableTypes = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      tableColumns.add(field.getName());
      tableTypes.add(ExprType.of(field.getType()));
    }
  }

  void filter(ShardExpression condition, List<Predicate> prune, List<ParameterPrune> parameters) {
    requireNoAggregate("filter");
    if (lateralFunction != null) {
      throw new IllegalStateException("a shard filter cannot follow a lateral table function");
    }
    conditions.add(condition);
    pruning.addAll(prune);
    parameterPruning.addAll(parameters);
  }

  void project(List<ShardExpression> expressions) {
    requireNoAggregate("project");
    List<ShardExpression> inlined = new ArrayList<>();
    for (ShardExpression expression : expressions) {
      inlined.add(inline(expression));
    }
    projects = inlined;
  }

  /**
   * Applies a table function to every row so far: the fragment's columns become the current ones
   * followed by the function's, which read as table columns past the stored ones.
   *
   * @param function the table function
   * @param arguments its arguments over the current columns
   * @param names the function's column names
   * @param types their types
   */
  void lateral(
      io.sluice.sql.exec.WasmTableCall function,
      List<ShardExpression> arguments,
      List<String> names,
      List<ExprType> types) {
    requireNoAggregate("lateral table function");
    if (lateralFunction != null) {
      throw new IllegalStateException("a shard fragment runs one lateral table function at most");
    }
    List<ShardExpression> inlined = new ArrayList<>();
    arguments.forEach(a -> inlined.add(inline(a)));
    physicalColumns = tableColumns.size();
    List<ShardExpression> columns = new ArrayList<>();
    if (projects == null) {
      for (int i = 0; i < physicalColumns; i++) {
        columns.add(new ShardExpression.InputRef(i, tableColumns.get(i), tableTypes.get(i)));
      }
    } else {
      columns.addAll(projects);
    }
    for (int j = 0; j < names.size(); j++) {
      tableColumns.add(names.get(j));
      tableTypes.add(types.get(j));
      columns.add(new ShardExpression.InputRef(physicalColumns + j, names.get(j), types.get(j)));
    }
    projects = columns;
    lateralFunction = function;
    lateralArguments = inlined;
  }

  void aggregate(PartialAggregate partial) {
    requireNoAggregate("aggregate");
    aggregate = partial;
  }

  private void requireNoAggregate(String what) {
    if (aggregate != null) {
      throw new IllegalStateException("a shard " + what + " cannot follow a partial aggregate");
    }
  }

  /**
   * @param outputType the row type of the fragment's top operator
   * @param sql the statement being planned, or null
   * @return the fragment
   */
  ShardPlan build(RelDataType outputType, String sql) {
    BitSet used = new BitSet();
    conditions.forEach(c -> ShardExpressions.collectInputs(c, used));
    if (projects != null) {
      projects.forEach(p -> ShardExpressions.collectInputs(p, used));
    } else if (aggregate != null) {
      for (int key : aggregate.groupKeys()) {
        used.set(key);
      }
      for (PartialAggregate.Call call : aggregate.calls()) {
        for (int argument : call.arguments()) {
          used.set(argument);
        }
      }
    } else {
      used.set(0, tableColumns.size());
    }
    int stored = physicalColumns < 0 ? tableColumns.size() : physicalColumns;
    if (lateralArguments != null) {
      lateralArguments.forEach(a -> ShardExpressions.collectInputs(a, used));
      used.clear(stored, tableColumns.size()); // the function's columns are not scanned
    }
    if (used.isEmpty()) {
      used.set(0); // a scan must read a column to know how many rows there are
    }
    int[] mapping = new int[tableColumns.size()];
    List<String> scanColumns = new ArrayList<>();
    List<ExprType> scanTypes = new ArrayList<>();
    for (int i = used.nextSetBit(0); i >= 0; i = used.nextSetBit(i + 1)) {
      mapping[i] = scanColumns.size();
      scanColumns.add(tableColumns.get(i));
      scanTypes.add(tableTypes.get(i));
    }
    for (int j = stored; j < tableColumns.size(); j++) {
      mapping[j] = scanColumns.size() + (j - stored);
    }
    ShardPlan.Lateral lateral = null;
    if (lateralFunction != null) {
      List<ShardExpression> arguments = new ArrayList<>();
      lateralArguments.forEach(a -> arguments.add(ShardExpressions.remap(a, mapping)));
      BitSet kept = new BitSet();
      for (ShardExpression project : projects) {
        ShardExpressions.collectInputs(ShardExpressions.remap(project, mapping), kept);
      }
      kept.clear(scanColumns.size(), Integer.MAX_VALUE);
      lateral = new ShardPlan.Lateral(lateralFunction, arguments, scanColumns.size(), kept);
    }
    ShardExpression filter = null;
    for (ShardExpression condition : conditions) {
      ShardExpression remapped = ShardExpressions.remap(condition, mapping);
      filter = filter == null ? remapped : ShardExpressions.and(filter, remapped);
    }
    List<ShardExpression> remappedProjects = null;
    if (projects != null) {
      remappedProjects = new ArrayList<>();
      for (ShardExpression project : projects) {
        remappedProjects.add(ShardExpressions.remap(project, mapping));
      }
    }
    PartialAggregate remappedAggregate = aggregate;
    if (aggregate != null && projects == null) {
      remappedAggregate = ShardExpressions.remap(aggregate, mapping);
    }
    List<String> outputNames = new ArrayList<>();
    List<ExprType> outputTypes = new ArrayList<>();
    for (RelDataTypeField field : outputType.getFieldList()) {
      outputNames.add(field.getName());
      outputTypes.add(ExprType.of(field.getType()));
    }
    return new ShardPlan(
        table.environment(),
        table.scanSource(),
        scanColumns,
        scanTypes,
        pruning,
        parameterPruning,
        filter,
        remappedProjects,
        remappedAggregate,
        lateral,
        outputNames,
        outputTypes,
        sql);
  }
}
