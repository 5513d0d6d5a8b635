package io.sluice.server.http;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Reads a cell of a result batch as a Java value for the text formats: numbers stay numbers,
 * decimals are {@link BigDecimal}, dates and times are ISO text ({@code 2024-01-02}, {@code
 * 03:04:05.678}, {@code 2024-01-02 03:04:05.678}, with a {@code Z} for instants), bytes are hex, as
 * {@code sluice sql} prints them.
 */
final class ValueText {
  private ValueText() {}

  /**
   * @param vector a column of a result batch
   * @param row a row
   * @return the value: null, Boolean, Long, Float, Double, BigDecimal or String
   */
  static Object value(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof BitVector v) {
      return v.get(row) != 0;
    } else if (vector instanceof BaseIntVector v) {
      return v.getValueAsLong(row);
    } else if (vector instanceof Float4Vector v) {
      return v.get(row);
    } else if (vector instanceof Float8Vector v) {
      return v.get(row);
    } else if (vector instanceof DecimalVector v) {
      return v.getObject(row);
    } else if (vector instanceof VarCharVector v) {
      return new String(v.get(row), StandardCharsets.UTF_8);
    } else if (vector instanceof VarBinaryVector v) {
      return HexFormat.of().formatHex(v.get(row));
    } else if (vector instanceof DateDayVector v) {
      return LocalDate.ofEpochDay(v.get(row)).toString();
    } else if (vector instanceof TimeMicroVector v) {
      return LocalTime.ofNanoOfDay(v.get(row) * 1000L).toString();
    } else if (vector instanceof TimeStampMicroTZVector v) {
      return timestamp(v.get(row)) + "Z";
    } else if (vector instanceof TimeStampMicroVector v) {
      return timestamp(v.get(row));
    }
    return String.valueOf(vector.getObject(row));
  }

  private static String timestamp(long micros) {
    LocalDateTime time =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L),
            (int) Math.floorMod(micros, 1_000_000L) * 1000,
            ZoneOffset.UTC);
    return time.toString().replace('T', ' ');
  }
}
