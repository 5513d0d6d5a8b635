package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.CalcPlan;
import io.sluice.sql.exec.Column;
import io.sluice.sql.exec.EvalBatch;
import io.sluice.sql.exec.Evaluator;
import io.sluice.sql.exec.ShardExpression;
import io.sluice.sql.exec.WasmScalarCall;
import java.util.List;

/** Filters and projects batches with the shard evaluator. */
final class CalcStream implements BatchStream {
  private final BatchStream input;
  private final CalcPlan calc;
  private final VectorExecution execution;
  private boolean pinned;

  CalcStream(BatchStream input, CalcPlan calc, VectorExecution execution) {
    this.input = input;
    this.calc = calc;
    this.execution = execution;
  }

  @Override
  public Batch next() {
    if (!pinned) {
      for (WasmScalarCall function : calc.functions()) {
        execution.query().resource(List.of("pin", function), function::pin);
      }
      pinned = true;
    }
    while (true) {
      Batch batch = input.next();
      if (batch == null) {
        return null;
      }
      Batch out = compute(batch);
      if (out != null) {
        return out;
      }
    }
  }

  private Batch compute(Batch batch) {
    Column[] columns = batch.columns();
    int rows = batch.rows();
    if (calc.filter() != null) {
      EvalBatch eval = new EvalBatch(columns, rows, execution.query(), execution.allocator());
      int[] selection = new int[rows];
      int count = Evaluator.select(calc.filter(), eval, selection);
      if (count == 0) {
        return null;
      }
      if (count < rows) {
        Column[] selected = new Column[columns.length];
        for (int c = 0; c < columns.length; c++) {
          if (calc.inputTypes().get(c) != null || passedThrough(c)) {
            selected[c] = columns[c].select(selection, count);
          }
        }
        columns = selected;
        rows = count;
      }
    }
    EvalBatch eval = new EvalBatch(columns, rows, execution.query(), execution.allocator());
    List<CalcPlan.Output> outputs = calc.outputs();
    Column[] out = new Column[outputs.size()];
    for (int c = 0; c < out.length; c++) {
      ShardExpression expression = outputs.get(c).expression();
      out[c] =
          expression == null
              ? columns[outputs.get(c).passThrough()]
              : Evaluator.evaluate(expression, eval);
    }
    return new Batch(out, rows);
  }

  private boolean passedThrough(int column) {
    for (CalcPlan.Output output : calc.outputs()) {
      if (output.expression() == null && output.passThrough() == column) {
        return true;
      }
    }
    return false;
  }

  @Override
  public BatchStream input(int ordinal) {
    return ordinal == 0 ? input : null;
  }

  @Override
  public void close() {
    input.close();
  }
}
