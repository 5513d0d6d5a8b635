package io.sluice.sql.function;

import io.sluice.sql.type.ValueReader;
import io.sluice.sql.type.ValueWriter;
import io.sluice.udf.AggregateStates;
import io.sluice.udf.UdfSession;
import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.SqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Wasm calls made by the code Calcite generates for the coordinator's operators, one row at a time
 * (batches of one row through the same sandbox and ABI as on shards). Used only where a call could
 * not be pushed to the shards, e.g. above a join.
 */
public final class CoordinatorCalls {
  /** Memory of coordinator calls; each call's vectors are released before it returns. */
  private static final BufferAllocator ALLOCATOR = new RootAllocator(Long.MAX_VALUE);

  private CoordinatorCalls() {}

  /**
   * @param root the query's context
   * @param id the function version
   * @param arguments Calcite values of the arguments
   * @return the Calcite value of the result
   */
  public static Object scalar(DataContext root, long id, Object[] arguments) {
    WasmFunctionVersion version = FunctionHandles.get(id);
    FunctionDescriptor descriptor = version.definition().descriptor();
    List<FieldVector> vectors = vectors(descriptor.argumentTypes(), arguments);
    try {
      return CoordinatorSessions.with(
          root,
          version,
          session -> {
            try (FieldVector result = session.scalar(vectors, 1, ALLOCATOR)) {
              return ValueReader.of(result).read(0);
            }
          });
    } finally {
      vectors.forEach(FieldVector::close);
    }
  }

  /**
   * @param root the query's context
   * @param id the function version
   * @param arguments Calcite values of the arguments
   * @return the rows the table function produces for them (declared columns only)
   */
  public static Enumerable<Object[]> table(DataContext root, long id, Object[] arguments) {
    WasmFunctionVersion version = FunctionHandles.get(id);
    FunctionDescriptor descriptor = version.definition().descriptor();
    List<FieldVector> vectors = vectors(descriptor.argumentTypes(), arguments);
    try (VectorSchemaRoot input = new VectorSchemaRoot(vectors)) {
      input.setRowCount(1);
      List<Object[]> rows =
          CoordinatorSessions.with(
              root,
              version,
              session -> {
                try (VectorSchemaRoot output = session.table(input, ALLOCATOR)) {
                  return rowsOf(output, 1);
                }
              });
      return Linq4j.asEnumerable(rows);
    }
  }

  /** The rows of a table function's output, without its leading input-row column. */
  static List<Object[]> rowsOf(VectorSchemaRoot output, int firstColumn) {
    List<FieldVector> columns = output.getFieldVectors();
    ValueReader[] readers = new ValueReader[columns.size() - firstColumn];
    for (int c = 0; c < readers.length; c++) {
      readers[c] = ValueReader.of(columns.get(c + firstColumn));
    }
    List<Object[]> rows = new ArrayList<>(output.getRowCount());
    for (int r = 0; r < output.getRowCount(); r++) {
      Object[] row = new Object[readers.length];
      for (int c = 0; c < readers.length; c++) {
        row[c] = readers[c].read(r);
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * @param id the aggregate version
   * @return a new accumulator for one group
   */
  public static Object newAccumulator(long id) {
    return new Accumulator(FunctionHandles.get(id), false);
  }

  /**
   * @param id the aggregate version
   * @return a new accumulator of serialized partial states for one group
   */
  public static Object newMergeAccumulator(long id) {
    return new Accumulator(FunctionHandles.get(id), true);
  }

  /**
   * @param accumulator an accumulator
   * @param arguments Calcite values of one row's arguments (or one serialized state)
   */
  public static void accumulate(Object accumulator, Object[] arguments) {
    ((Accumulator) accumulator).add(arguments);
  }

  /**
   * @param accumulator an accumulator
   * @return the Calcite value of the group's result
   */
  public static Object finish(Object accumulator) {
    return ((Accumulator) accumulator).finish();
  }

  private static List<FieldVector> vectors(List<SqlType> types, Object[] arguments) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(arguments);
    return vectors(types, rows);
  }

  private static List<FieldVector> vectors(List<SqlType> types, List<Object[]> rows) {
    List<FieldVector> vectors = new ArrayList<>(types.size());
    try {
      for (int c = 0; c < types.size(); c++) {
        vectors.add(
            ValueWriter.column(
                WasmTypes.field("arg" + (c + 1), types.get(c)), rows, rows.size(), c, ALLOCATOR));
      }
      return vectors;
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
  }

  /**
   * One group's aggregation on the coordinator. Rows are buffered and folded into the group's
   * serialized state every {@link #FOLD_ROWS} rows (and at the end) in a sandbox session taken for
   * that fold alone, so a group holds at most one state and {@code FOLD_ROWS} rows however large it
   * is, and groups never share guest memory.
   */
  private static final class Accumulator {
    /** Rows buffered per group before they are folded into its state. */
    static final int FOLD_ROWS = 4_096;

    final WasmFunctionVersion version;
    final boolean merge;
    final List<Object[]> rows = new ArrayList<>();
    byte[] state;

    Accumulator(WasmFunctionVersion version, boolean merge) {
      this.version = version;
      this.merge = merge;
    }

    void add(Object[] arguments) {
      rows.add(arguments);
      if (rows.size() >= FOLD_ROWS) {
        fold(false);
      }
    }

    Object finish() {
      return fold(true);
    }

    /** Folds the buffered rows into the state; returns the result when {@code finish} is set. */
    private Object fold(boolean finish) {
      if (!version.retain()) {
        throw new IllegalStateException(
            "aggregate "
                + version.name()
                + " was replaced or dropped; prepare the statement again");
      }
      try (UdfSession session = version.function().session();
          AggregateStates states = session.aggregate()) {
        states.ensureGroups(1);
        if (state != null) {
          try (VarBinaryVector previous = serialized(List.<Object[]>of(new Object[] {state}))) {
            states.merge(previous, new int[1]);
          }
        }
        if (merge) {
          try (VarBinaryVector partials = serialized(rows)) {
            states.merge(partials, new int[rows.size()]);
          }
        } else if (!rows.isEmpty()) {
          List<FieldVector> vectors =
              vectors(version.definition().descriptor().argumentTypes(), rows);
          try {
            states.update(vectors, rows.size(), new int[rows.size()]);
          } finally {
            vectors.forEach(FieldVector::close);
          }
        }
        rows.clear();
        if (finish) {
          state = null;
          try (FieldVector result = states.finish(ALLOCATOR)) {
            return ValueReader.of(result).read(0);
          }
        }
        try (VarBinaryVector folded = states.serialize(ALLOCATOR)) {
          state = folded.isNull(0) ? null : folded.get(0);
        }
        return null;
      } finally {
        version.release();
      }
    }

    private static VarBinaryVector serialized(List<Object[]> states) {
      VarBinaryVector vector = new VarBinaryVector("states", ALLOCATOR);
      vector.allocateNew(states.size());
      for (int r = 0; r < states.size(); r++) {
        Object value = states.get(r)[0];
        if (value == null) {
          vector.setNull(r);
        } else {
          vector.setSafe(r, value instanceof ByteString bytes ? bytes.getBytes() : (byte[]) value);
        }
      }
      vector.setValueCount(states.size());
      return vector;
    }
  }

  /**
   * @return bytes of Arrow memory coordinator calls hold now (zero between calls; for tests)
   */
  public static long allocatedBytes() {
    return ALLOCATOR.getAllocatedMemory();
  }
}
