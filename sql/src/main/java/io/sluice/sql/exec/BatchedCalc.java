package io.sluice.sql.exec;

import io.sluice.sql.type.ValueReader;
import io.sluice.sql.type.ValueWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Runs a {@link CalcPlan} on the coordinator, called from the code Calcite generates for a {@code
 * CoordinatorCalc}: gathers up to {@link #BATCH_ROWS} input rows into Arrow vectors, filters and
 * projects them with the shard evaluator (one wasm call per function per batch), and yields the
 * resulting rows. Columns passed through keep the input's values as they are.
 */
public final class BatchedCalc {
  /** Rows per batch: enough to make a wasm call's fixed cost negligible, few enough to stream. */
  public static final int BATCH_ROWS = 1024;

  private BatchedCalc() {}

  /**
   * @param root the execution's data context (parameters, cancel flag)
   * @param environment where the batches' memory comes from
   * @param input the input rows, each an {@code Object[]} of Calcite values
   * @param plan what to compute
   * @return the output rows
   */
  public static Enumerable<Object[]> rows(
      DataContext root,
      ExecutionEnvironment environment,
      Enumerable<Object[]> input,
      CalcPlan plan) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new BatchEnumerator(root, environment, input.enumerator(), plan);
      }
    };
  }

  /**
   * @param root the execution's data context
   * @param environment where the batches' memory comes from
   * @param input the input rows
   * @param plan what to compute; it has exactly one output column
   * @return the values of that column
   */
  public static Enumerable<Object> scalars(
      DataContext root,
      ExecutionEnvironment environment,
      Enumerable<Object[]> input,
      CalcPlan plan) {
    return rows(root, environment, input, plan).select(row -> row[0]);
  }

  /** Computes each batch of input rows with the shard evaluator. */
  private static final class BatchEnumerator extends RowBatches {
    private final CalcPlan plan;

    BatchEnumerator(
        DataContext root,
        ExecutionEnvironment environment,
        Enumerator<Object[]> input,
        CalcPlan plan) {
      super(root, environment, input, "coordinator-calc");
      this.plan = plan;
    }

    @Override
    protected void pin(QueryContext query) {
      for (WasmScalarCall function : plan.functions()) {
        query.resource(List.of("pin", function), function::pin);
      }
    }

    @Override
    protected List<Object[]> compute(int rows) {
      return list(computeRows(rows));
    }

    /** Computes the output rows of the first {@code rows} rows of the buffer. */
    private Object[][] computeRows(int rows) {
      List<FieldVector> vectors = inputVectors(rows);
      List<FieldVector> selected = null;
      List<FieldVector> computed = new ArrayList<>();
      try {
        EvalBatch eval = new EvalBatch(vectors, rows, query, allocator);
        int[] selection = null;
        int count = rows;
        if (plan.filter() != null) {
          selection = new int[rows];
          count = Evaluator.select(plan.filter(), eval, selection);
          if (count == 0) {
            return new Object[0][];
          }
          if (count < rows) {
            selected = Vectors.select(vectors, selection, count, allocator);
            eval = new EvalBatch(selected, count, query, allocator);
          } else {
            selection = null;
          }
        }
        List<CalcPlan.Output> outputs = plan.outputs();
        ValueReader[] readers = new ValueReader[outputs.size()];
        for (int c = 0; c < outputs.size(); c++) {
          ShardExpression expression = outputs.get(c).expression();
          if (expression != null) {
            FieldVector vector =
                Columns.toVector(
                    Evaluator.evaluate(expression, eval), plan.outputField(c), allocator);
            computed.add(vector);
            readers[c] = ValueReader.of(vector);
          }
        }
        Object[][] out = new Object[count][];
        for (int r = 0; r < count; r++) {
          Object[] in = buffer[selection == null ? r : selection[r]];
          Object[] row = new Object[outputs.size()];
          for (int c = 0; c < row.length; c++) {
            row[c] = readers[c] == null ? in[outputs.get(c).passThrough()] : readers[c].read(r);
          }
          out[r] = row;
        }
        return out;
      } finally {
        Vectors.close(computed);
        if (selected != null) {
          Vectors.close(selected);
        }
        Vectors.close(vectors);
      }
    }

    /** The batch's input columns the expressions read as vectors; null for the others. */
    private List<FieldVector> inputVectors(int rows) {
      List<FieldVector> vectors = new ArrayList<>(plan.inputTypes().size());
      try {
        for (int c = 0; c < plan.inputTypes().size(); c++) {
          if (plan.inputTypes().get(c) == null) {
            vectors.add(null);
            continue;
          }
          vectors.add(
              ValueWriter.column(plan.inputField(c), Arrays.asList(buffer), rows, c, allocator));
        }
        return vectors;
      } catch (RuntimeException e) {
        Vectors.close(vectors);
        throw e;
      }
    }
  }
}
