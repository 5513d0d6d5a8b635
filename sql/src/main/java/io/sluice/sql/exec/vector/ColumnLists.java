package io.sluice.sql.exec.vector;

import io.sluice.sql.exec.Column;
import io.sluice.sql.exec.Lane;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** Columns made whole: all NULL, or several batches' columns one after the other. */
final class ColumnLists {
  private ColumnLists() {}

  /**
   * @param lane the lane of the column
   * @param rows how many values
   * @return a column of {@code rows} NULLs
   */
  static Column nulls(Lane lane, int rows) {
    boolean[] nulls = new boolean[rows];
    Arrays.fill(nulls, true);
    return switch (lane) {
      case LONG -> new Column.Longs(new long[rows], nulls);
      case DOUBLE -> new Column.Doubles(new double[rows], nulls);
      case DECIMAL -> new Column.Decimals(new BigDecimal[rows], nulls);
      case BYTES -> new Column.Bytes(new byte[rows][], nulls);
      case BOOLEAN -> new Column.Booleans(new boolean[rows], nulls);
    };
  }

  /**
   * Reads a stream to its end into one batch: the build side of a hash join, the input of a sort.
   *
   * @param stream the input
   * @param lanes its lanes
   * @return all of its rows, one column per lane
   */
  static Batch readAll(BatchStream stream, List<Lane> lanes) {
    List<Batch> batches = new java.util.ArrayList<>();
    int rows = 0;
    for (Batch batch; (batch = stream.next()) != null; ) {
      batches.add(batch);
      rows += batch.rows();
    }
    Column[] columns = new Column[lanes.size()];
    for (int c = 0; c < columns.length; c++) {
      List<Column> parts = new java.util.ArrayList<>(batches.size());
      for (Batch batch : batches) {
        parts.add(batch.columns()[c]);
      }
      columns[c] = parts.isEmpty() ? nulls(lanes.get(c), 0) : concat(parts, lanes.get(c));
    }
    return new Batch(columns, rows);
  }

  /**
   * @param parts columns of one lane
   * @param lane their lane (for when there are none)
   * @return one column of all their values, in order
   */
  static Column concat(List<Column> parts, Lane lane) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int rows = 0;
    boolean anyNull = false;
    for (Column part : parts) {
      rows += part.rows;
      anyNull |= part.nulls != null;
    }
    boolean[] nulls = anyNull ? new boolean[rows] : null;
    if (nulls != null) {
      int at = 0;
      for (Column part : parts) {
        if (part.nulls != null) {
          System.arraycopy(part.nulls, 0, nulls, at, part.rows);
        }
        at += part.rows;
      }
    }
    int at = 0;
    switch (lane) {
      case LONG -> {
        long[] values = new long[rows];
        for (Column part : parts) {
          System.arraycopy(((Column.Longs) part).values, 0, values, at, part.rows);
          at += part.rows;
        }
        return new Column.Longs(values, nulls);
      }
      case DOUBLE -> {
        double[] values = new double[rows];
        for (Column part : parts) {
          System.arraycopy(((Column.Doubles) part).values, 0, values, at, part.rows);
          at += part.rows;
        }
        return new Column.Doubles(values, nulls);
      }
      case DECIMAL -> {
        BigDecimal[] values = new BigDecimal[rows];
        for (Column part : parts) {
          System.arraycopy(((Column.Decimals) part).values, 0, values, at, part.rows);
          at += part.rows;
        }
        return new Column.Decimals(values, nulls);
      }
      case BYTES -> {
        byte[][] values = new byte[rows][];
        for (Column part : parts) {
          System.arraycopy(((Column.Bytes) part).values, 0, values, at, part.rows);
          at += part.rows;
        }
        return new Column.Bytes(values, nulls);
      }
      default -> {
        boolean[] values = new boolean[rows];
        for (Column part : parts) {
          System.arraycopy(((Column.Booleans) part).values, 0, values, at, part.rows);
          at += part.rows;
        }
        return new Column.Booleans(values, nulls);
      }
    }
  }
}
