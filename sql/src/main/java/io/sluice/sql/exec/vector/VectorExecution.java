package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Column;
import io.sluice.sql.exec.Columns;
import io.sluice.sql.exec.ExecutionEnvironment;
import io.sluice.sql.exec.QueryContext;
import io.sluice.sql.exec.QueryStats;
import io.sluice.sql.type.ValueReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * One run of a {@link VectorPlan}, called from the code Calcite generates for the topmost
 * vectorized operator of a plan: opens the operators, pulls their batches and hands the rows on as
 * Calcite values. Owns the run's memory and sandbox sessions from the first row to the close.
 */
public final class VectorExecution {
  private final DataContext root;
  private final Enumerable<Object[]>[] inputs;
  private final QueryContext query;
  private final BufferAllocator allocator;

  private VectorExecution(
      DataContext root,
      Enumerable<Object[]>[] inputs,
      QueryContext query,
      BufferAllocator allocator) {
    this.root = root;
    this.inputs = inputs;
    this.query = query;
    this.allocator = allocator;
  }

  /**
   * @param root the execution's data context (parameters, cancel flag)
   * @param environment where memory and shard threads come from
   * @param plan the operators
   * @param inputs the rows of the plan's row inputs ({@link VectorPlan.Rows}), by index
   * @param fields the plan's output fields, whose types say which Calcite values to produce
   * @return the output rows, each an {@code Object[]} of Calcite values
   */
  public static Enumerable<Object[]> rows(
      DataContext root,
      ExecutionEnvironment environment,
      VectorPlan plan,
      Enumerable<Object[]>[] inputs,
      List<Field> fields) {
    return new AbstractEnumerable<>() {
      /** A small result, kept after its first complete run: see {@link Replays}. */
      private List<Object[]> kept;

      @Override
      public Enumerator<Object[]> enumerator() {
        if (kept != null) {
          return Linq4j.enumerator(kept);
        }
        return new Replays(new Rows(root, environment, plan, inputs, fields), rows -> kept = rows);
      }
    };
  }

  /** Most rows of a result kept for the same execution to enumerate again. */
  static final int KEPT_ROWS = 10_000;

  /**
   * Records the rows of a first complete run, when there are at most {@link #KEPT_ROWS}. Calcite's
   * nested-loop join enumerates its inner input once per outer row (a scalar subquery compared in
   * {@code HAVING}, TPC-H Q11): a vectorized input would otherwise run again for every row.
   */
  private static final class Replays implements Enumerator<Object[]> {
    private final Enumerator<Object[]> rows;
    private final java.util.function.Consumer<List<Object[]>> done;
    private List<Object[]> seen = new ArrayList<>();

    Replays(Enumerator<Object[]> rows, java.util.function.Consumer<List<Object[]>> done) {
      this.rows = rows;
      this.done = done;
    }

    @Override
    public Object[] current() {
      return rows.current();
    }

    @Override
    public boolean moveNext() {
      if (rows.moveNext()) {
        if (seen != null) {
          if (seen.size() < KEPT_ROWS) {
            seen.add(rows.current());
          } else {
            seen = null;
          }
        }
        return true;
      }
      if (seen != null) {
        done.accept(List.copyOf(seen));
        seen = null;
      }
      return false;
    }

    @Override
    public void reset() {
      rows.reset();
    }

    @Override
    public void close() {
      rows.close();
    }
  }

  /**
   * @param root the execution's data context
   * @param environment where memory and shard threads come from
   * @param plan the operators; the output has exactly one column
   * @param inputs the rows of the plan's row inputs
   * @param fields the plan's output field
   * @return the values of that column
   */
  public static Enumerable<Object> scalars(
      DataContext root,
      ExecutionEnvironment environment,
      VectorPlan plan,
      Enumerable<Object[]>[] inputs,
      List<Field> fields) {
    return rows(root, environment, plan, inputs, fields).select(row -> row[0]);
  }

  /**
   * @return the execution's data context
   */
  public DataContext root() {
    return root;
  }

  /**
   * @return the running query (parameters, cancellation, wasm sessions)
   */
  public QueryContext query() {
    return query;
  }

  /**
   * @return where vectors for wasm calls and conversions come from
   */
  public BufferAllocator allocator() {
    return allocator;
  }

  /**
   * @param index a row input
   * @return its rows
   */
  Enumerable<Object[]> input(int index) {
    return inputs[index];
  }

  /** Checks the client's cancel flag; operators call it once per batch. */
  void checkCancelled() {
    if (query.cancelledByClient()) {
      throw new IllegalStateException("the statement was cancelled");
    }
  }

  /** The rows of a plan's output batches. */
  private static final class Rows implements Enumerator<Object[]> {
    private final DataContext root;
    private final ExecutionEnvironment environment;
    private final VectorPlan plan;
    private final Enumerable<Object[]>[] inputs;
    private final List<Field> fields;
    private BufferAllocator allocator;
    private QueryContext query;
    private BatchStream stream;
    private Object[][] rows = new Object[0][];
    private int next;
    private Object[] current;
    private boolean done;

    Rows(
        DataContext root,
        ExecutionEnvironment environment,
        VectorPlan plan,
        Enumerable<Object[]>[] inputs,
        List<Field> fields) {
      this.root = root;
      this.environment = environment;
      this.plan = plan;
      this.inputs = inputs;
      this.fields = fields;
    }

    @Override
    public boolean moveNext() {
      if (stream == null && !done) {
        allocator = environment.allocator().newChildAllocator("vector-plan", 0, Long.MAX_VALUE);
        query = new QueryContext(root, new QueryStats());
        try {
          stream = plan.open(new VectorExecution(root, inputs, query, allocator));
        } catch (RuntimeException e) {
          release();
          throw e;
        }
      }
      while (next == rows.length) {
        if (done) {
          return false;
        }
        Batch batch = stream.next();
        if (batch == null) {
          done = true;
          release();
          return false;
        }
        rows = toRows(batch);
        next = 0;
      }
      current = rows[next];
      rows[next++] = null;
      return true;
    }

    private Object[][] toRows(Batch batch) {
      int count = batch.rows();
      Object[][] out = new Object[count][];
      for (int r = 0; r < count; r++) {
        out[r] = new Object[fields.size()];
      }
      List<FieldVector> vectors = new ArrayList<>();
      try {
        for (int c = 0; c < fields.size(); c++) {
          Column column = batch.columns()[c];
          FieldVector vector = Columns.toVector(column, fields.get(c), allocator);
          vectors.add(vector);
          ValueReader reader = ValueReader.of(vector);
          for (int r = 0; r < count; r++) {
            out[r][c] = reader.read(r);
          }
        }
      } finally {
        vectors.forEach(FieldVector::close);
      }
      return out;
    }

    @Override
    public Object[] current() {
      return current;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("vectorized results cannot be rewound");
    }

    @Override
    public void close() {
      done = true;
      release();
    }

    private void release() {
      BatchStream open = stream;
      stream = null;
      try {
        if (open != null) {
          open.close();
        }
      } finally {
        try {
          if (query != null) {
            query.close();
          }
        } finally {
          query = null;
          if (allocator != null) {
            allocator.close();
            allocator = null;
          }
        }
      }
    }
  }
}
