package io.sluice.sql.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ANALYZE} learned of a table: its row count then, and each column's null count and
 * distinct-value sketch.
 *
 * @param rows the table's rows when it was analyzed
 * @param columns one entry per column, in the table's order
 */
public record TableStatistics(long rows, List<ColumnStatistics> columns) {
  private static final int FORMAT = 1;

  /**
   * @param name a column
   * @return its statistics, if the table had that column when analyzed
   */
  public Optional<ColumnStatistics> column(String name) {
    for (ColumnStatistics column : columns) {
      if (column.name().equals(name)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }

  /**
   * @param added statistics of rows appended since
   * @return the statistics of both, merged column by column (a column either lacks keeps its count
   *     from the other)
   */
  TableStatistics plus(TableStatistics added) {
    List<ColumnStatistics> merged = new ArrayList<>(columns.size());
    for (ColumnStatistics column : columns) {
      DistinctSketch sketch = DistinctSketch.of(column.sketch().bytes());
      long nulls = column.nulls();
      Optional<ColumnStatistics> more = added.column(column.name());
      if (more.isPresent()) {
        sketch.merge(more.get().sketch());
        nulls += more.get().nulls();
      }
      merged.add(new ColumnStatistics(column.name(), nulls, sketch));
    }
    return new TableStatistics(rows + added.rows(), List.copyOf(merged));
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeLong(rows);
      out.writeInt(columns.size());
      for (ColumnStatistics column : columns) {
        out.writeUTF(column.name());
        out.writeLong(column.nulls());
        out.write(column.sketch().bytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static TableStatistics decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalStateException("statistics in unknown format " + format);
      }
      long rows = in.readLong();
      int count = in.readInt();
      List<ColumnStatistics> columns = new ArrayList<>(count);
      for (int c = 0; c < count; c++) {
        String name = in.readUTF();
        long nulls = in.readLong();
        byte[] registers = new byte[1 << DistinctSketch.PRECISION];
        in.readFully(registers);
        columns.add(new ColumnStatistics(name, nulls, DistinctSketch.of(registers)));
      }
      return new TableStatistics(rows, List.copyOf(columns));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
