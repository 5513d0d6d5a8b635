package io.sluice.connectors.internal;

import io.sluice.storage.ColumnType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
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

/**
 * Writes values of Sluice's column types as text, the way DuckDB and PostgreSQL print them, so the
 * files Sluice writes read back the same in Sluice, DuckDB, pandas and polars: ISO dates and {@code
 * YYYY-MM-DD HH:MM:SS[.ffffff]} timestamps ({@code +00} after a zoned one), {@code \x}-hex
 * binaries, shortest round-trip doubles, {@code nan} and {@code inf}.
 */
public final class ValueText {
  private final ColumnType type;
  private final DateTimeFormatter timestampFormat;
  private final DateTimeFormatter dateFormat;

  /**
   * @param type the column's type
   * @param timestampFormat how to write timestamps, or null for the default
   * @param dateFormat how to write dates, or null for ISO
   */
  public ValueText(
      ColumnType type, DateTimeFormatter timestampFormat, DateTimeFormatter dateFormat) {
    this.type = type;
    this.timestampFormat = timestampFormat;
    this.dateFormat = dateFormat;
  }

  /**
   * @param vector a column of this type
   * @param row a row whose value is not null
   * @return the value as text
   */
  public String format(FieldVector vector, int row) {
    switch (type) {
      case BOOLEAN:
        return ((BitVector) vector).get(row) != 0 ? "true" : "false";
      case TINYINT:
        return Byte.toString(((TinyIntVector) vector).get(row));
      case SMALLINT:
        return Short.toString(((SmallIntVector) vector).get(row));
      case INT:
        return Integer.toString(((IntVector) vector).get(row));
      case BIGINT:
        return Long.toString(((BigIntVector) vector).get(row));
      case FLOAT:
        return floating(((Float4Vector) vector).get(row), true);
      case DOUBLE:
        return floating(((Float8Vector) vector).get(row), false);
      case DECIMAL:
        return ((DecimalVector) vector).getObject(row).toPlainString();
      case VARCHAR:
        return new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
      case VARBINARY:
        return hex(((VarBinaryVector) vector).get(row));
      case DATE:
        {
          LocalDate date = LocalDate.ofEpochDay(((DateDayVector) vector).get(row));
          return dateFormat == null ? date.toString() : dateFormat.format(date);
        }
      case TIME:
        return time(((TimeMicroVector) vector).get(row));
      case TIMESTAMP:
        return timestamp(((TimeStampVector) vector).get(row), false);
      default:
        return timestamp(((TimeStampVector) vector).get(row), true);
    }
  }

  private static String floating(double value, boolean single) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    String text = single ? Float.toString((float) value) : Double.toString(value);
    // Java writes 1.0E10; every reader we target also reads that, but 10000000000.0 is plainer.
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  /**
   * @param bytes a binary value
   * @return it in DuckDB's text form: printable ASCII as itself, every other byte (and the
   *     backslash) as {@code \xHH}
   */
  public static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      if (b >= 0x20 && b <= 0x7E && b != '\\') {
        text.append((char) b);
      } else {
        text.append("\\x")
            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
    }
    return text.toString();
  }

  private static String time(long micros) {
    LocalTime time = LocalTime.ofNanoOfDay(micros * 1000);
    StringBuilder text = new StringBuilder(15);
    clock(text, time);
    return withFraction(text.toString(), micros % 1_000_000);
  }

  private String timestamp(long micros, boolean zoned) {
    long days = Math.floorDiv(micros, TextParser.MICROS_PER_DAY);
    long ofDay = Math.floorMod(micros, TextParser.MICROS_PER_DAY);
    LocalDateTime time =
        LocalDateTime.of(LocalDate.ofEpochDay(days), LocalTime.ofNanoOfDay(ofDay * 1000));
    if (timestampFormat != null) {
      return timestampFormat.format(zoned ? time.atOffset(java.time.ZoneOffset.UTC) : time);
    }
    StringBuilder clock = new StringBuilder(26).append(time.toLocalDate()).append(' ');
    clock(clock, time.toLocalTime());
    String text = withFraction(clock.toString(), ofDay % 1_000_000);
    return zoned ? text + "+00" : text;
  }

  private static void clock(StringBuilder text, LocalTime time) {
    two(text, time.getHour()).append(':');
    two(text, time.getMinute()).append(':');
    two(text, time.getSecond());
  }

  private static StringBuilder two(StringBuilder text, int value) {
    return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private static String withFraction(String text, long fractionMicros) {
    if (fractionMicros == 0) {
      return text;
    }
    String digits = Long.toString(1_000_000 + fractionMicros).substring(1);
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return text + "." + digits.substring(0, end);
  }

  /**
   * @param value a decimal
   * @return it in plain notation
   */
  static String plain(BigDecimal value) {
    return value.toPlainString();
  }
}
