package io.sluice.connectors;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rows in one comparable form, from Sluice's Arrow vectors and from DuckDB's JDBC results: integers
 * as Long, floats as Double, decimals stripped of trailing zeros, text as String, binaries as hex,
 * dates and times as java.time values, zoned timestamps as Instant.
 */
final class Rows {
  private Rows() {}

  static List<List<Object>> of(BatchSource source) {
    List<List<Object>> rows = new ArrayList<>();
    while (source.next()) {
      rows.addAll(of(source.batch()));
    }
    return rows;
  }

  static List<List<Object>> of(VectorSchemaRoot batch) {
    List<List<Object>> rows = new ArrayList<>();
    for (int row = 0; row < batch.getRowCount(); row++) {
      List<Object> values = new ArrayList<>();
      for (FieldVector vector : batch.getFieldVectors()) {
        values.add(vector.isNull(row) ? null : value(vector, row));
      }
      rows.add(values);
    }
    return rows;
  }

  static Object value(FieldVector vector, int row) {
    if (vector instanceof BitVector v) {
      return v.get(row) != 0;
    } else if (vector instanceof TinyIntVector v) {
      return (long) v.get(row);
    } else if (vector instanceof SmallIntVector v) {
      return (long) v.get(row);
    } else if (vector instanceof IntVector v) {
      return (long) v.get(row);
    } else if (vector instanceof BigIntVector v) {
      return v.get(row);
    } else if (vector instanceof Float4Vector v) {
      return (double) v.get(row);
    } else if (vector instanceof Float8Vector v) {
      return v.get(row);
    } else if (vector instanceof DecimalVector v) {
      return strip(v.getObject(row));
    } else if (vector instanceof VarCharVector v) {
      return new String(v.get(row), StandardCharsets.UTF_8);
    } else if (vector instanceof VarBinaryVector v) {
      return HexFormat.of().formatHex(v.get(row));
    } else if (vector instanceof DateDayVector v) {
      return LocalDate.ofEpochDay(v.get(row));
    } else if (vector instanceof TimeMicroVector v) {
      return LocalTime.ofNanoOfDay(v.get(row) * 1000);
    } else if (vector instanceof TimeStampMicroTZVector v) {
      long micros = v.get(row);
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L);
    } else if (vector instanceof TimeStampMicroVector v) {
      long micros = v.get(row);
      return LocalDateTime.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000),
          (int) Math.floorMod(micros, 1_000_000) * 1000,
          ZoneOffset.UTC);
    }
    throw new IllegalArgumentException("unexpected vector " + vector.getField());
  }

  static BigDecimal strip(BigDecimal value) {
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }

  static List<List<Object>> of(ResultSet result) throws SQLException {
    ResultSetMetaData meta = result.getMetaData();
    List<List<Object>> rows = new ArrayList<>();
    while (result.next()) {
      List<Object> values = new ArrayList<>();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        values.add(duck(result, c, meta.getColumnType(c), meta.getColumnTypeName(c)));
      }
      rows.add(values);
    }
    return rows;
  }

  private static Object duck(ResultSet result, int c, int type, String name) throws SQLException {
    Object raw = result.getObject(c);
    if (raw == null) {
      return null;
    }
    switch (type) {
      case Types.BOOLEAN:
        return result.getBoolean(c);
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
        return result.getLong(c);
      case Types.FLOAT:
      case Types.REAL:
        return (double) result.getFloat(c);
      case Types.DOUBLE:
        return result.getDouble(c);
      case Types.DECIMAL:
      case Types.NUMERIC:
        return strip(result.getBigDecimal(c));
      case Types.DATE:
        return result.getObject(c, LocalDate.class);
      case Types.TIME:
        return LocalTime.parse(result.getString(c));
      case Types.TIMESTAMP:
        return result.getObject(c, LocalDateTime.class);
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return result.getObject(c, OffsetDateTime.class).toInstant();
      case Types.BLOB:
      case Types.BINARY:
      case Types.VARBINARY:
        return HexFormat.of().formatHex(result.getBytes(c));
      default:
        if (name.startsWith("TIMESTAMP WITH TIME ZONE")) {
          return result.getObject(c, OffsetDateTime.class).toInstant();
        }
        return result.getString(c);
    }
  }

  /**
   * Asserts two row lists are equal, reporting the first difference with values cut short (the test
   * data has a one-million-character string).
   */
  static void assertSame(List<List<Object>> expected, List<List<Object>> actual, String what) {
    for (int r = 0; r < Math.min(expected.size(), actual.size()); r++) {
      List<Object> e = expected.get(r);
      List<Object> a = actual.get(r);
      for (int c = 0; c < Math.max(e.size(), a.size()); c++) {
        Object x = c < e.size() ? e.get(c) : "<missing>";
        Object y = c < a.size() ? a.get(c) : "<missing>";
        if (!java.util.Objects.equals(x, y)) {
          throw new AssertionError(
              what
                  + ": row "
                  + r
                  + " (id "
                  + e.get(0)
                  + "), column "
                  + c
                  + ": expected <"
                  + cut(x)
                  + "> ("
                  + (x == null ? "null" : x.getClass().getSimpleName())
                  + ") but was <"
                  + cut(y)
                  + "> ("
                  + (y == null ? "null" : y.getClass().getSimpleName())
                  + ")");
        }
      }
    }
    if (expected.size() != actual.size()) {
      throw new AssertionError(
          what + ": expected " + expected.size() + " rows but read " + actual.size());
    }
  }

  private static String cut(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 100 ? text : text.substring(0, 97) + "...";
  }
}
