package io.sluice.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.TypedValue;

/** Runs {@code executeBatch} of a prepared fast INSERT as one append of every parameter row. */
public final class SluiceBatches {
  private SluiceBatches() {}

  /**
   * @param signature a prepared statement's signature
   * @param parameterValueLists the bound rows
   * @return the update count of each row, or null when the statement is not a fast INSERT (and
   *     Calcite runs it row by row)
   */
  public static long[] tryExecuteBatch(
      Meta.Signature signature, List<List<TypedValue>> parameterValueLists) {
    if (!(signature instanceof CommandSignatures.FastInsertSignature<?> fast)
        || parameterValueLists.isEmpty()) {
      return null;
    }
    List<List<Object>> rows = new ArrayList<>(parameterValueLists.size());
    for (List<TypedValue> values : parameterValueLists) {
      List<Object> row = new ArrayList<>(values.size());
      for (TypedValue value : values) {
        row.add(value == null ? null : value.toLocal());
      }
      rows.add(row);
    }
    fast.insert.executeBatch(rows);
    long[] counts = new long[parameterValueLists.size()];
    Arrays.fill(counts, fast.insert.rowsPerExecution());
    return counts;
  }
}
