package io.sluice.sql.exec;

import io.sluice.sql.type.SqlTypes;
import io.sluice.storage.Predicate;
import io.sluice.storage.ScanSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Everything a shard needs to know about a query, and nothing else: the table and columns to scan,
 * the predicates that prune chunks by their statistics, and the fragment to run over each batch
 * (filter, projections with wasm calls, partial aggregation). Immutable; the one handoff from the
 * planner to the shards.
 */
public final class ShardPlan {
  private final ExecutionEnvironment environment;
  private final ScanSource source;
  private final List<String> scanColumns;
  private final List<ExprType> scanTypes;
  private final List<Predicate> pruning;
  private final List<ParameterPrune> parameterPruning;
  private final ShardExpression filter;
  private final List<ShardExpression> projects;
  private final PartialAggregate aggregate;
  private final Lateral lateral;
  private final List<String> outputNames;
  private final List<ExprType> outputTypes;
  private final List<Field> outputFields;
  private final String sql;

  /**
   * @param environment the store and pools to run against
   * @param source the table or files to scan
   * @param scanColumns the columns the scan reads
   * @param scanTypes their types
   * @param pruning predicates on plain columns for chunk pruning (also applied by the filter)
   * @param parameterPruning comparisons with statement parameters, bound to prune when it runs
   * @param filter the condition rows must meet, or null
   * @param projects what to compute per row over the scan columns, or null to pass them through
   * @param aggregate the partial aggregation over the projected columns, or null
   * @param lateral a table function applied to each filtered row before the projections, or null
   * @param outputNames names of the fragment's output columns
   * @param outputTypes their types
   * @param sql the statement the plan belongs to, for the query log; may be null
   */
  public ShardPlan(
      ExecutionEnvironment environment,
      ScanSource source,
      List<String> scanColumns,
      List<ExprType> scanTypes,
      List<Predicate> pruning,
      List<ParameterPrune> parameterPruning,
      ShardExpression filter,
      List<ShardExpression> projects,
      PartialAggregate aggregate,
      Lateral lateral,
      List<String> outputNames,
      List<ExprType> outputTypes,
      String sql) {
    this.environment = environment;
    this.source = source;
    this.scanColumns = List.copyOf(scanColumns);
    this.scanTypes = List.copyOf(scanTypes);
    this.pruning = List.copyOf(pruning);
    this.parameterPruning = List.copyOf(parameterPruning);
    this.filter = filter;
    this.projects = projects == null ? null : List.copyOf(projects);
    this.aggregate = aggregate;
    this.lateral = lateral;
    this.outputNames = List.copyOf(outputNames);
    this.outputTypes = List.copyOf(outputTypes);
    this.sql = sql;
    this.outputFields = fields(outputNames, outputTypes);
  }

  private static List<Field> fields(List<String> names, List<ExprType> types) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      ExprType type = types.get(i);
      fields.add(
          new Field(
              names.get(i),
              new FieldType(
                  true,
                  SqlTypes.toArrowType(type.name(), type.precision(), type.scale(), names.get(i)),
                  null),
              null));
    }
    return List.copyOf(fields);
  }

  /**
   * @return the projected columns (the aggregate's input) as Arrow fields
   */
  public List<Field> projectedFields() {
    List<ExprType> types = projectedTypes();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      names.add("$" + i);
    }
    return fields(names, types);
  }

  /**
   * @return the store and pools to run against
   */
  public ExecutionEnvironment environment() {
    return environment;
  }

  /**
   * @return the table or files to scan
   */
  public ScanSource source() {
    return source;
  }

  /**
   * @param query the running statement, whose parameter values bind the parameter comparisons
   * @return the storage scan for one shard: columns and chunk-pruning predicates
   */
  public ScanSpec scanSpec(QueryContext query) {
    return scanSpec(query, List.of());
  }

  /**
   * @param query the running statement, whose parameter values bind the parameter comparisons
   * @param filters dynamic filters from the hash joins above; their key ranges prune chunks too
   * @return the storage scan for one shard: columns and chunk-pruning predicates
   */
  public ScanSpec scanSpec(QueryContext query, List<DynamicFilter> filters) {
    List<Predicate> all = new ArrayList<>(pruning);
    for (DynamicFilter filter : filters) {
      if (filter.range() != null) {
        all.add(filter.range());
      }
    }
    for (ParameterPrune prune : parameterPruning) {
      Predicate bound = prune.bind(query);
      if (bound != null) {
        all.add(bound);
      }
    }
    return ScanSpec.builder()
        .columns(scanColumns)
        .where(all.toArray(new Predicate[0]))
        .filterRows(false)
        .build();
  }

  /**
   * @return the names of the scanned columns
   */
  public List<String> scanColumns() {
    return scanColumns;
  }

  /**
   * The scanned column an output column passes through unchanged, if any: a projected column that
   * is a plain column reference, and with a partial aggregation a group key that is one. A filter
   * on such an output column can then be applied to the scan's rows instead.
   *
   * @param output an output column of the fragment
   * @return the scan column whose values it carries, or -1
   */
  public int scanColumnOf(int output) {
    if (lateral != null) {
      return -1;
    }
    int projected = output;
    if (aggregate != null) {
      if (output >= aggregate.groupKeys().length) {
        return -1;
      }
      projected = aggregate.groupKeys()[output];
    }
    if (projects == null) {
      return projected;
    }
    return projects.get(projected) instanceof ShardExpression.InputRef ref ? ref.index() : -1;
  }

  /**
   * @return the types of the scanned columns
   */
  public List<ExprType> scanTypes() {
    return scanTypes;
  }

  /**
   * @return the row condition, or null
   */
  public ShardExpression filter() {
    return filter;
  }

  /**
   * @return the projections, or null to pass the scan columns through
   */
  public List<ShardExpression> projects() {
    return projects;
  }

  /**
   * @return the types of the projected columns (the aggregate's input)
   */
  public List<ExprType> projectedTypes() {
    if (projects == null) {
      return scanTypes;
    }
    return projects.stream().map(ShardExpression::type).collect(Collectors.toList());
  }

  /**
   * A wasm table function applied laterally to every row that passed the filter, on the shard: each
   * row becomes as many rows as the function returns for it (none drops it), carrying the scanned
   * columns and then the function's columns, which the projections read at {@code scanWidth} and
   * after.
   *
   * @param function the table function
   * @param arguments its arguments, over the scanned columns
   * @param scanWidth how many scanned columns come before the function's
   * @param kept which scanned columns the projections read after the function (only those are
   *     repeated for each of a row's output rows; the others are left out)
   */
  public record Lateral(
      WasmTableCall function, List<ShardExpression> arguments, int scanWidth, BitSet kept) {
    /**
     * @param function the table function
     * @param arguments its arguments, over the scanned columns
     * @param scanWidth how many scanned columns come before the function's
     * @param kept which scanned columns the projections read after the function
     */
    public Lateral {
      arguments = List.copyOf(arguments);
      kept = (BitSet) kept.clone();
    }

    @Override
    public String toString() {
      return function.name() + arguments;
    }
  }

  /**
   * @return the lateral table function, or null
   */
  public Lateral lateral() {
    return lateral;
  }

  /**
   * @return the partial aggregation, or null
   */
  public PartialAggregate aggregate() {
    return aggregate;
  }

  /**
   * @return the fragment's output columns as Arrow fields
   */
  public List<Field> outputFields() {
    return outputFields;
  }

  /**
   * @return the fragment's output column types
   */
  public List<ExprType> outputTypes() {
    return outputTypes;
  }

  /**
   * @return the statement this plan belongs to, or null
   */
  public String sql() {
    return sql;
  }

  /**
   * Pins every wasm function the fragment calls to the version it was planned with, for the query's
   * duration.
   *
   * @param query the query that is starting
   */
  public void pinFunctions(QueryContext query) {
    java.util.Set<Object> calls = new java.util.LinkedHashSet<>();
    if (filter != null) {
      collectCalls(filter, calls);
    }
    if (projects != null) {
      projects.forEach(p -> collectCalls(p, calls));
    }
    if (aggregate != null) {
      for (PartialAggregate.Call call : aggregate.calls()) {
        if (call.wasm() != null) {
          calls.add(call.wasm());
        }
      }
    }
    if (lateral != null) {
      lateral.arguments().forEach(a -> collectCalls(a, calls));
      calls.add(lateral.function());
    }
    for (Object call : calls) {
      query.resource(
          java.util.List.of("pin", call),
          () ->
              call instanceof WasmScalarCall scalar
                  ? scalar.pin()
                  : call instanceof WasmTableCall table
                      ? table.pin()
                      : ((WasmAggregateCall) call).pin());
    }
  }

  static void collectCalls(ShardExpression expression, java.util.Set<Object> calls) {
    if (expression instanceof ShardExpression.WasmCall call) {
      calls.add(call.function());
      call.operands().forEach(o -> collectCalls(o, calls));
    } else if (expression instanceof ShardExpression.Call call) {
      call.operands().forEach(o -> collectCalls(o, calls));
    }
  }

  /**
   * @return a one-line description of what runs on each shard
   */
  public String describe() {
    StringBuilder b =
        new StringBuilder(source instanceof TableScanSource ? "table=" : "files=")
            .append(source.describe());
    b.append(", scan=").append(scanColumns);
    if (!pruning.isEmpty() || !parameterPruning.isEmpty()) {
      List<Object> shown = new ArrayList<>(pruning);
      shown.addAll(parameterPruning);
      b.append(", prune=").append(shown);
    }
    if (filter != null) {
      b.append(", filter=").append(filter);
    }
    if (lateral != null) {
      b.append(", lateral=").append(lateral);
    }
    if (projects != null) {
      b.append(", project=").append(projects);
    }
    if (aggregate != null) {
      b.append(", aggregate=").append(aggregate);
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
