package io.sluice.sql.exec;

import io.sluice.sql.type.ValueReader;
import io.sluice.sql.type.ValueWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Runs a wasm table function laterally over the rows of its input on the coordinator, called from
 * the code Calcite generates for a {@code CoordinatorLateral}: gathers up to {@link
 * BatchedCalc#BATCH_ROWS} input rows, calls the function once for all of them (the batch ABI maps
 * each input row to its output rows and says which row each came from), and yields every input row
 * joined with each of its output rows, in input order.
 */
public final class BatchedLateral {
  private BatchedLateral() {}

  /**
   * @param root the execution's data context (parameters, cancel flag)
   * @param environment where the batches' memory comes from
   * @param input the input rows, each an {@code Object[]} of Calcite values
   * @param plan the function and its arguments
   * @return the input rows joined with their output rows
   */
  public static Enumerable<Object[]> rows(
      DataContext root,
      ExecutionEnvironment environment,
      Enumerable<Object[]> input,
      LateralPlan plan) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new LateralEnumerator(root, environment, input.enumerator(), plan);
      }
    };
  }

  /** Joins each batch of input rows with the rows one call of the function returns for it. */
  private static final class LateralEnumerator extends RowBatches {
    private final LateralPlan plan;

    LateralEnumerator(
        DataContext root,
        ExecutionEnvironment environment,
        Enumerator<Object[]> input,
        LateralPlan plan) {
      super(root, environment, input, "coordinator-lateral");
      this.plan = plan;
    }

    @Override
    protected void pin(QueryContext query) {
      query.resource(List.of("pin", plan.function()), plan.function()::pin);
    }

    /** Joins the first {@code rows} rows of the buffer with the function's rows for them. */
    @Override
    protected List<Object[]> compute(int rows) {
      List<FieldVector> arguments = argumentVectors(rows);
      try (VectorSchemaRoot result = plan.function().invoke(arguments, rows, allocator, query)) {
        List<FieldVector> columns = result.getFieldVectors();
        IntVector from = (IntVector) columns.get(0);
        ValueReader[] readers = new ValueReader[plan.functionColumns()];
        for (int c = 0; c < readers.length; c++) {
          readers[c] = ValueReader.of(columns.get(c + 1));
        }
        int produced = result.getRowCount();
        List<Object[]> out = new ArrayList<>(Math.max(produced, plan.outer() ? rows : 0));
        int r = 0;
        for (int inputRow = 0; inputRow < rows; inputRow++) {
          Object[] left = buffer[inputRow];
          boolean any = false;
          while (r < produced && from.get(r) == inputRow) {
            Object[] row = Arrays.copyOf(left, left.length + readers.length);
            for (int c = 0; c < readers.length; c++) {
              row[left.length + c] = readers[c].read(r);
            }
            out.add(row);
            any = true;
            r++;
          }
          if (!any && plan.outer()) {
            out.add(Arrays.copyOf(left, left.length + readers.length));
          }
        }
        if (r != produced) {
          throw new IllegalStateException(
              "table function "
                  + plan.function().name()
                  + " returned rows out of input order (row "
                  + r
                  + " comes from input row "
                  + from.get(r)
                  + ")");
        }
        return out;
      } finally {
        Vectors.close(arguments);
      }
    }

    private List<FieldVector> argumentVectors(int rows) {
      List<Field> fields = plan.function().argumentFields();
      List<FieldVector> vectors = new ArrayList<>(fields.size());
      try {
        for (int a = 0; a < fields.size(); a++) {
          vectors.add(
              ValueWriter.column(
                  fields.get(a),
                  Arrays.asList(buffer),
                  rows,
                  plan.argumentColumns()[a],
                  allocator));
        }
        return vectors;
      } catch (RuntimeException e) {
        Vectors.close(vectors);
        throw e;
      }
    }
  }
}
