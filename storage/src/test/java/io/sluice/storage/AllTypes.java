package io.sluice.storage;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** A table with one column of every supported type, and deterministic rows full of edge values. */
public final class AllTypes {

  public static final Schema SCHEMA =
      new Schema(
          List.of(
              ColumnType.field("id", ColumnType.BIGINT.arrowType(), false),
              ColumnType.field("b", ColumnType.BOOLEAN.arrowType(), true),
              ColumnType.field("ti", ColumnType.TINYINT.arrowType(), true),
              ColumnType.field("si", ColumnType.SMALLINT.arrowType(), true),
              ColumnType.field("i", ColumnType.INT.arrowType(), true),
              ColumnType.field("bi", ColumnType.BIGINT.arrowType(), true),
              ColumnType.field("f", ColumnType.FLOAT.arrowType(), true),
              ColumnType.field("d", ColumnType.DOUBLE.arrowType(), true),
              ColumnType.field("dec", ColumnType.decimal(38, 10), true),
              ColumnType.field("s", ColumnType.VARCHAR.arrowType(), true),
              ColumnType.field("bin", ColumnType.VARBINARY.arrowType(), true),
              ColumnType.field("dt", ColumnType.DATE.arrowType(), true),
              ColumnType.field("tm", ColumnType.TIME.arrowType(), true),
              ColumnType.field("ts", ColumnType.TIMESTAMP.arrowType(), true),
              ColumnType.field("tstz", ColumnType.TIMESTAMP_WITH_TIME_ZONE.arrowType(), true)));

  private static final String LONG_TEXT = "ü".repeat(40) + "z".repeat(100);

  /** Per column (after id), the values rows cycle through. */
  public static final List<List<Object>> VALUES =
      List.of(
          List.of(true, false),
          List.of(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0, (byte) -1),
          List.of(Short.MIN_VALUE, Short.MAX_VALUE, (short) 0, (short) 7),
          List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -42),
          List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L << 40),
          List.of(
              Float.NaN,
              Float.POSITIVE_INFINITY,
              Float.NEGATIVE_INFINITY,
              -0.0f,
              0.0f,
              Float.MIN_VALUE,
              Float.MAX_VALUE,
              -1.5f),
          List.of(
              Double.NaN,
              Double.POSITIVE_INFINITY,
              Double.NEGATIVE_INFINITY,
              -0.0,
              0.0,
              Double.MIN_VALUE,
              Double.MAX_VALUE,
              -2.25),
          List.of(
              new BigDecimal("9999999999999999999999999999.9999999999"),
              new BigDecimal("-9999999999999999999999999999.9999999999"),
              new BigDecimal("0E-10"),
              new BigDecimal("0.0000000001"),
              new BigDecimal("123.4500000000")),
          List.of(
              "", "a", "héllo wörld", "日本語のテキスト", "emoji 🎉 party", LONG_TEXT, "nul\0byte", " "),
          List.of(bytes(), bytes(0), bytes(0xFF, 0xFF, 0xFF), bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)),
          List.of(
              Integer.MIN_VALUE,
              Integer.MAX_VALUE,
              0,
              (int) LocalDate.of(1, 1, 1).toEpochDay(),
              (int) LocalDate.of(9999, 12, 31).toEpochDay(),
              -1),
          List.of(0L, 86_399_999_999L, 12L * 3600 * 1_000_000, 1L),
          List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1_700_000_000_000_000L),
          List.of(
              Long.MAX_VALUE,
              Long.MIN_VALUE,
              -62_135_596_800_000_000L,
              253_402_300_799_999_999L,
              0L));

  private AllTypes() {}

  static ByteBuffer bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return ByteBuffer.wrap(bytes);
  }

  /** The value of a column (1 = first after id) in a row: null on a column-specific stride. */
  static Object value(long id, int column) {
    if ((id + column) % 7 == 0) {
      return null;
    }
    List<Object> values = VALUES.get(column - 1);
    return values.get((int) ((id * 31 + column) % values.size()));
  }

  /** The expected row of an id, as {@link #read} returns it. */
  static List<Object> row(long id) {
    List<Object> row = new ArrayList<>();
    row.add(id);
    for (int column = 1; column < SCHEMA.getFields().size(); column++) {
      row.add(value(id, column));
    }
    return row;
  }

  /** A batch of rows with ids {@code first} to {@code first + count - 1}. */
  public static VectorSchemaRoot batch(BufferAllocator allocator, long first, int count) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    root.allocateNew();
    for (int row = 0; row < count; row++) {
      long id = first + row;
      ((BigIntVector) root.getVector(0)).setSafe(row, id);
      for (int column = 1; column < SCHEMA.getFields().size(); column++) {
        set(root.getVector(column), row, value(id, column));
      }
    }
    root.setRowCount(count);
    return root;
  }

  static void set(FieldVector vector, int row, Object value) {
    if (value == null) {
      vector.setNull(row);
    } else if (vector instanceof BitVector) {
      ((BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
    } else if (vector instanceof TinyIntVector) {
      ((TinyIntVector) vector).setSafe(row, (Byte) value);
    } else if (vector instanceof SmallIntVector) {
      ((SmallIntVector) vector).setSafe(row, (Short) value);
    } else if (vector instanceof IntVector) {
      ((IntVector) vector).setSafe(row, (Integer) value);
    } else if (vector instanceof BigIntVector) {
      ((BigIntVector) vector).setSafe(row, (Long) value);
    } else if (vector instanceof Float4Vector) {
      ((Float4Vector) vector).setSafe(row, (Float) value);
    } else if (vector instanceof Float8Vector) {
      ((Float8Vector) vector).setSafe(row, (Double) value);
    } else if (vector instanceof DecimalVector) {
      ((DecimalVector) vector).setSafe(row, (BigDecimal) value);
    } else if (vector instanceof VarCharVector) {
      ((VarCharVector) vector).setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof VarBinaryVector) {
      ((VarBinaryVector) vector).setSafe(row, ((ByteBuffer) value).array());
    } else if (vector instanceof DateDayVector) {
      ((DateDayVector) vector).setSafe(row, (Integer) value);
    } else if (vector instanceof TimeMicroVector) {
      ((TimeMicroVector) vector).setSafe(row, (Long) value);
    } else {
      ((TimeStampVector) vector).setSafe(row, (Long) value);
    }
  }

  /** A value read back in the classes {@link #VALUES} uses; floats compare bit for bit. */
  static Object get(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof BitVector) {
      return ((BitVector) vector).get(row) == 1;
    } else if (vector instanceof TinyIntVector) {
      return ((TinyIntVector) vector).get(row);
    } else if (vector instanceof SmallIntVector) {
      return ((SmallIntVector) vector).get(row);
    } else if (vector instanceof IntVector) {
      return ((IntVector) vector).get(row);
    } else if (vector instanceof BigIntVector) {
      return ((BigIntVector) vector).get(row);
    } else if (vector instanceof Float4Vector) {
      return ((Float4Vector) vector).get(row);
    } else if (vector instanceof Float8Vector) {
      return ((Float8Vector) vector).get(row);
    } else if (vector instanceof DecimalVector) {
      return ((DecimalVector) vector).getObject(row);
    } else if (vector instanceof VarCharVector) {
      return new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
    } else if (vector instanceof VarBinaryVector) {
      return ByteBuffer.wrap(((VarBinaryVector) vector).get(row));
    } else if (vector instanceof DateDayVector) {
      return ((DateDayVector) vector).get(row);
    } else if (vector instanceof TimeMicroVector) {
      return ((TimeMicroVector) vector).get(row);
    } else {
      return ((TimeStampVector) vector).get(row);
    }
  }

  /** Every row of a batch, each a list of its values in column order. */
  static List<List<Object>> read(VectorSchemaRoot batch) {
    List<List<Object>> rows = new ArrayList<>();
    for (int row = 0; row < batch.getRowCount(); row++) {
      List<Object> values = new ArrayList<>();
      for (FieldVector vector : batch.getFieldVectors()) {
        values.add(get(vector, row));
      }
      rows.add(values);
    }
    return rows;
  }

  /** Drains a cursor into rows, closing it. */
  static List<List<Object>> drain(ScanCursor cursor) {
    List<List<Object>> rows = new ArrayList<>();
    try (cursor) {
      while (cursor.next()) {
        rows.addAll(read(cursor.batch()));
      }
    }
    return rows;
  }
}
