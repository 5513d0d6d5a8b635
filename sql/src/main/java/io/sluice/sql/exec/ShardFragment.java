package io.sluice.sql.exec;

import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs a {@link ShardPlan} on one shard: scans its batches and, per batch, filters, projects
 * (calling wasm functions once per batch) and either emits the result or folds it into the partial
 * aggregation, which is emitted when the shard is done.
 */
final class ShardFragment {
  private final ShardPlan plan;
  private final QueryContext query;
  private final BufferAllocator allocator;
  private final Consumer<VectorSchemaRoot> sink;
  private final List<DynamicFilter> filters;

  /** Per dynamic filter: whether this shard still applies it, and the rows it tested and kept. */
  private final boolean[] active;

  private final long[] tested;
  private final long[] passed;

  /**
   * @param plan what to run
   * @param query the running query
   * @param allocator where this task's memory comes from
   * @param sink receives each output batch, which it then owns
   * @param filters dynamic filters from hash joins above, applied before the plan's own filter
   */
  ShardFragment(
      ShardPlan plan,
      QueryContext query,
      BufferAllocator allocator,
      Consumer<VectorSchemaRoot> sink,
      List<DynamicFilter> filters) {
    this.plan = plan;
    this.query = query;
    this.allocator = allocator;
    this.sink = sink;
    this.filters = filters;
    this.active = new boolean[filters.size()];
    java.util.Arrays.fill(active, true);
    this.tested = new long[filters.size()];
    this.passed = new long[filters.size()];
  }

  /**
   * @param splits the table's shards or the files, as open now
   * @param split the one to run on
   */
  void run(ScanSource.Splits splits, int split) {
    HashAggregator aggregator = null;
    try (ScanCursor cursor = splits.open(split, plan.scanSpec(query, filters), allocator)) {
      if (plan.aggregate() != null) {
        aggregator =
            new HashAggregator(
                plan.aggregate(),
                plan.projectedTypes(),
                plan.outputFields(),
                plan.outputTypes(),
                query);
      }
      while (!query.isCancelled() && cursor.next()) {
        process(cursor.batch(), aggregator);
      }
      ScanStatistics statistics = cursor.statistics();
      query
          .stats()
          .addShard(statistics.chunksRead(), statistics.chunksSkipped(), statistics.bytesRead());
      if (aggregator != null && !query.isCancelled()) {
        VectorSchemaRoot partial = aggregator.finish(allocator);
        if (partial != null) {
          sink.accept(partial);
        }
      }
    } finally {
      if (aggregator != null) {
        aggregator.close();
      }
    }
  }

  private void process(VectorSchemaRoot batch, HashAggregator aggregator) {
    List<FieldVector> vectors = batch.getFieldVectors();
    int rows = batch.getRowCount();
    query.stats().addScanned(rows);
    List<FieldVector> kept = null;
    List<FieldVector> selected = null;
    try {
      int[] selection = dynamicSelection(vectors, rows);
      if (selection != null) {
        int count = selection.length;
        if (count == 0) {
          return;
        }
        kept = Vectors.select(vectors, selection, count, allocator);
        vectors = kept;
        rows = count;
      }
      EvalBatch eval = new EvalBatch(vectors, rows, query, allocator);
      if (plan.filter() != null) {
        selection = new int[rows];
        int count = Evaluator.select(plan.filter(), eval, selection);
        if (count == 0) {
          return;
        }
        if (count < rows) {
          selected = Vectors.select(vectors, selection, count, allocator);
          eval = new EvalBatch(selected, count, query, allocator);
          rows = count;
        }
      }
      if (plan.lateral() != null) {
        lateral(eval, aggregator);
        return;
      }
      if (aggregator != null) {
        aggregate(eval, aggregator);
      } else {
        emit(eval);
      }
    } finally {
      if (selected != null) {
        selected.forEach(ValueVector::close);
      }
      if (kept != null) {
        kept.forEach(ValueVector::close);
      }
    }
  }

  /**
   * Applies the dynamic filters this shard still keeps to a batch.
   *
   * @return the rows that pass, or null when no filter applies or every row passes
   */
  private int[] dynamicSelection(List<FieldVector> vectors, int rows) {
    boolean[] keep = null;
    int count = rows;
    for (int f = 0; f < filters.size(); f++) {
      if (!active[f] || count == 0) {
        continue;
      }
      DynamicFilter filter = filters.get(f);
      if (keep == null) {
        keep = new boolean[rows];
        java.util.Arrays.fill(keep, true);
      }
      filter.keys().retain(Columns.fromVector(vectors.get(filter.column())), rows, keep);
      int after = 0;
      for (int r = 0; r < rows; r++) {
        if (keep[r]) {
          after++;
        }
      }
      boolean judged = tested[f] >= DynamicFilter.SAMPLE_ROWS;
      tested[f] += count;
      passed[f] += after;
      count = after;
      if (!judged
          && tested[f] >= DynamicFilter.SAMPLE_ROWS
          && passed[f] > DynamicFilter.KEEP_BELOW_PASS_RATE * tested[f]) {
        active[f] = false;
      }
    }
    if (keep == null || count == rows) {
      return null;
    }
    int[] selection = new int[count];
    for (int r = 0, i = 0; r < rows; r++) {
      if (keep[r]) {
        selection[i++] = r;
      }
    }
    return selection;
  }

  /**
   * Rows per call of a lateral table function, as on the coordinator: a call's output (bounded by
   * the function's per-call output limits) and guest memory stay small.
   */
  static final int LATERAL_SLICE_ROWS = BatchedCalc.BATCH_ROWS;

  /** Applies the lateral table function slice by slice, then aggregates or emits each result. */
  private void lateral(EvalBatch eval, HashAggregator aggregator) {
    int total = eval.rows();
    List<FieldVector> scanned = new ArrayList<>();
    for (int c = 0; c < plan.lateral().scanWidth(); c++) {
      scanned.add(eval.vector(c));
    }
    for (int start = 0; start < total && !query.isCancelled(); start += LATERAL_SLICE_ROWS) {
      int length = Math.min(LATERAL_SLICE_ROWS, total - start);
      List<FieldVector> slice =
          length == total ? null : Vectors.slice(scanned, start, length, allocator);
      List<FieldVector> expanded = new ArrayList<>();
      try {
        EvalBatch rows =
            expand(slice == null ? eval : new EvalBatch(slice, length, query, allocator), expanded);
        if (rows != null) {
          if (aggregator != null) {
            aggregate(rows, aggregator);
          } else {
            emit(rows);
          }
        }
      } finally {
        Vectors.close(expanded);
        if (slice != null) {
          Vectors.close(slice);
        }
      }
    }
  }

  /**
   * Applies the lateral table function to a batch: one call for all its rows. Returns the batch of
   * output rows (each input row's scanned columns, repeated per output row, then the function's
   * columns), or null when the function returned no rows; the vectors it makes go to {@code made}.
   */
  private EvalBatch expand(EvalBatch eval, List<FieldVector> made) {
    ShardPlan.Lateral lateral = plan.lateral();
    List<FieldVector> arguments = new ArrayList<>();
    List<FieldVector> owned = new ArrayList<>();
    try {
      List<org.apache.arrow.vector.types.pojo.Field> fields = lateral.function().argumentFields();
      for (int a = 0; a < lateral.arguments().size(); a++) {
        ShardExpression argument = lateral.arguments().get(a);
        if (argument instanceof ShardExpression.InputRef ref) {
          arguments.add(eval.vector(ref.index()));
        } else {
          FieldVector vector =
              Columns.toVector(Evaluator.evaluate(argument, eval), fields.get(a), allocator);
          owned.add(vector);
          arguments.add(vector);
        }
      }
      try (VectorSchemaRoot output =
          lateral.function().invoke(arguments, eval.rows(), allocator, query)) {
        int rows = output.getRowCount();
        if (rows == 0) {
          return null;
        }
        org.apache.arrow.vector.IntVector from =
            (org.apache.arrow.vector.IntVector) output.getVector(0);
        int[] inputRows = new int[rows];
        for (int r = 0; r < rows; r++) {
          inputRows[r] = from.get(r);
        }
        List<FieldVector> scanned = new ArrayList<>();
        for (int c = 0; c < lateral.scanWidth(); c++) {
          scanned.add(lateral.kept().get(c) ? eval.vector(c) : null);
        }
        made.addAll(Vectors.select(scanned, inputRows, rows, allocator));
        List<FieldVector> columns = output.getFieldVectors();
        for (int c = 1; c < columns.size(); c++) {
          made.add(Vectors.take(columns.get(c), allocator));
        }
        return new EvalBatch(made, rows, query, allocator);
      }
    } finally {
      Vectors.close(owned);
    }
  }

  private void aggregate(EvalBatch eval, HashAggregator aggregator) {
    List<Column> columns = new ArrayList<>();
    List<FieldVector> made = new ArrayList<>();
    try {
      List<FieldVector> vectors = new ArrayList<>();
      List<ShardExpression> projects = plan.projects();
      int width = projects == null ? plan.scanTypes().size() : projects.size();
      for (int i = 0; i < width; i++) {
        ShardExpression expression =
            projects == null
                ? new ShardExpression.InputRef(i, "$" + i, plan.scanTypes().get(i))
                : projects.get(i);
        Column column = Evaluator.evaluate(expression, eval);
        columns.add(column);
        if (expression instanceof ShardExpression.InputRef ref) {
          vectors.add(eval.vector(ref.index()));
        } else if (needsVector(i)) {
          FieldVector vector = Columns.toVector(column, plan.projectedFields().get(i), allocator);
          made.add(vector);
          vectors.add(vector);
        } else {
          vectors.add(null);
        }
      }
      aggregator.add(columns, vectors, allocator);
    } finally {
      made.forEach(ValueVector::close);
    }
  }

  /** Whether a wasm aggregate reads projected column {@code index} (it needs Arrow vectors). */
  private boolean needsVector(int index) {
    for (PartialAggregate.Call call : plan.aggregate().calls()) {
      if (call.kind() == PartialAggregate.Kind.WASM) {
        for (int argument : call.arguments()) {
          if (argument == index) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void emit(EvalBatch eval) {
    List<FieldVector> out = new ArrayList<>();
    // Input columns passed through are moved, not copied; a column output twice is copied once.
    java.util.BitSet taken = new java.util.BitSet();
    try {
      List<ShardExpression> projects = plan.projects();
      int width = plan.outputFields().size();
      // Compute every expression first: moving a column empties it for later expressions.
      FieldVector[] computed = new FieldVector[width];
      for (int i = 0; i < width; i++) {
        ShardExpression expression = projects == null ? null : projects.get(i);
        if (expression != null && !(expression instanceof ShardExpression.InputRef)) {
          computed[i] =
              Columns.toVector(
                  Evaluator.evaluate(expression, eval), plan.outputFields().get(i), allocator);
        }
      }
      for (int i = 0; i < width; i++) {
        ShardExpression expression = projects == null ? null : projects.get(i);
        FieldVector vector;
        if (computed[i] != null) {
          vector = computed[i];
          computed[i] = null;
        } else {
          int index = expression == null ? i : ((ShardExpression.InputRef) expression).index();
          vector =
              taken.get(index)
                  ? Vectors.copy(out.get(firstOutputOf(projects, index)), allocator)
                  : Vectors.take(eval.vector(index), allocator);
          taken.set(index);
        }
        out.add(vector);
      }
      VectorSchemaRoot root = new VectorSchemaRoot(plan.outputFields(), out, eval.rows());
      sink.accept(root);
    } catch (RuntimeException e) {
      out.forEach(ValueVector::close);
      throw e;
    }
  }

  /** The first output position that passes input column {@code index} through. */
  private static int firstOutputOf(List<ShardExpression> projects, int index) {
    if (projects == null) {
      return index;
    }
    for (int i = 0; i < projects.size(); i++) {
      if (projects.get(i) instanceof ShardExpression.InputRef ref && ref.index() == index) {
        return i;
      }
    }
    throw new IllegalStateException("column " + index + " is not passed through");
  }
}
