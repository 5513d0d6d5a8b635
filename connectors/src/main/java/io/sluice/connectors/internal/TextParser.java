package io.sluice.connectors.internal;

import io.sluice.connectors.BadValueException;
import io.sluice.storage.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Parses text (a CSV field, a JSON string) into a column of one Sluice type, writing straight into
 * its Arrow vector. Numbers, dates and times take the forms DuckDB and PostgreSQL write (ISO 8601,
 * {@code 1e-3}, {@code NaN}, {@code inf}); surrounding blanks are ignored except in text. A value
 * that does not fit is a {@link BadValueException} saying why.
 */
public abstract class TextParser {
  static final long MICROS_PER_DAY = 86_400_000_000L;

  /**
   * @param vector the column
   * @param row the row to set
   * @param text the value's text, not null
   * @throws BadValueException if the text is not a value of the column's type
   */
  public abstract void parse(FieldVector vector, int row, String text) throws BadValueException;

  /**
   * @param field the column
   * @param timestampFormat how timestamps are written, or null for ISO 8601
   * @param dateFormat how dates are written, or null for ISO 8601
   * @return a parser for the column's type
   */
  public static TextParser of(
      Field field, DateTimeFormatter timestampFormat, DateTimeFormatter dateFormat) {
    ColumnType type = ColumnType.of(field);
    switch (type) {
      case BOOLEAN:
        return new Booleans();
      case TINYINT:
        return new Integers(type, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case SMALLINT:
        return new Integers(type, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT:
        return new Integers(type, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT:
        return new Integers(type, Long.MIN_VALUE, Long.MAX_VALUE);
      case FLOAT:
      case DOUBLE:
        return new Floats(type);
      case DECIMAL:
        ArrowType.Decimal decimal = (ArrowType.Decimal) field.getType();
        return new Decimals(decimal.getPrecision(), decimal.getScale());
      case VARCHAR:
        return new Texts();
      case VARBINARY:
        return new Binaries();
      case DATE:
        return new Dates(dateFormat);
      case TIME:
        return new Times();
      case TIMESTAMP:
        return new Timestamps(timestampFormat, dateFormat, false);
      default:
        return new Timestamps(timestampFormat, dateFormat, true);
    }
  }

  static BadValueException notA(String text, String what) {
    return new BadValueException("'" + abbreviate(text) + "' is not " + what);
  }

  /**
   * @param text a value's text
   * @return the text, cut to 80 characters with an ellipsis, for error messages
   */
  public static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  private static final class Booleans extends TextParser {
    @Override
    public void parse(FieldVector vector, int row, String text) throws BadValueException {
      boolean value;
      switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "true", "t", "1", "yes", "y", "on" -> value = true;
        case "false", "f", "0", "no", "n", "off" -> value = false;
        default -> throw notA(text, "a BOOLEAN (true or false)");
      }
      ((BitVector) vector).setSafe(row, value ? 1 : 0);
    }
  }

  private static final class Integers extends TextParser {
    private final ColumnType type;
    private final long min;
    private final long max;

    Integers(ColumnType type, long min, long max) {
      this.type = type;
      this.min = min;
      this.max = max;
    }

    @Override
    public void parse(FieldVector vector, int row, String text) throws BadValueException {
      long value = parseLong(text, type);
      if (value < min || value > max) {
        throw new BadValueException(
            "'" + abbreviate(text) + "' is out of range for " + type.sqlName());
      }
      switch (type) {
        case TINYINT -> ((TinyIntVector) vector).setSafe(row, (byte) value);
        case SMALLINT -> ((SmallIntVector) vector).setSafe(row, (short) value);
        case INT -> ((IntVector) vector).setSafe(row, (int) value);
        default -> ((BigIntVector) vector).setSafe(row, value);
      }
    }
  }

  /** Parses a whole number, allowing blanks around it, a sign, and a {@code .0...} tail. */
  static long parseLong(String text, ColumnType type) throws BadValueException {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) <= ' ') {
      end--;
    }
    if (start == end) {
      throw notA(text, "a " + type.sqlName());
    }
    boolean negative = false;
    char first = text.charAt(start);
    if (first == '-' || first == '+') {
      negative = first == '-';
      start++;
    }
    if (start == end) {
      throw notA(text, "a " + type.sqlName());
    }
    long value = 0;
    int i = start;
    for (; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      int digit = c - '0';
      // Accumulate negatively so Long.MIN_VALUE parses.
      if (value < (Long.MIN_VALUE + digit) / 10) {
        throw new BadValueException(
            "'" + abbreviate(text) + "' is out of range for " + type.sqlName());
      }
      value = value * 10 - digit;
    }
    if (i == start) {
      throw notA(text, "a " + type.sqlName());
    }
    if (i < end) {
      // "12.0" or "12.000" is still a whole number; "12.5" or "1e3" is not.
      if (text.charAt(i) != '.') {
        throw notA(text, "a " + type.sqlName());
      }
      for (int j = i + 1; j < end; j++) {
        if (text.charAt(j) != '0') {
          throw notA(text, "a " + type.sqlName() + " (it has a fraction)");
        }
      }
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        throw new BadValueException(
            "'" + abbreviate(text) + "' is out of range for " + type.sqlName());
      }
      value = -value;
    }
    return value;
  }

  private static final class Floats extends TextParser {
    private final ColumnType type;

    Floats(ColumnType type) {
      this.type = type;
    }

    @Override
    public void parse(FieldVector vector, int row, String text) throws BadValueException {
      double value = parseDouble(text, type);
      if (type == ColumnType.FLOAT) {
        float narrowed = (float) value;
        if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
          throw new BadValueException("'" + abbreviate(text) + "' is out of range for FLOAT");
        }
        ((Float4Vector) vector).setSafe(row, narrowed);
      } else {
        ((Float8Vector) vector).setSafe(row, value);
      }
    }
  }

  static double parseDouble(String text, ColumnType type) throws BadValueException {
    String value = text.strip();
    switch (value.toLowerCase(Locale.ROOT)) {
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {}
    }
    // Java also accepts "1d", "0x1p3" and "Infinity" spellings we do not want to guess at.
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        throw notA(text, "a " + type.sqlName());
      }
    }
    try {
      double parsed = Double.parseDouble(value);
      if (Double.isInfinite(parsed)) {
        throw new BadValueException(
            "'" + abbreviate(text) + "' is out of range for " + type.sqlName());
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw notA(text, "a " + type.sqlName());
    }
  }

  private static final class Decimals extends TextParser {
    private final int precision;
    private final int scale;

    Decimals(int precision, int scale) {
      this.precision = precision;
      this.scale = scale;
    }

    @Override
    public void parse(FieldVector vector, int row, String text) throws BadValueException {
      BigDecimal value;
      try {
        value = new BigDecimal(text.strip());
      } catch (NumberFormatException e) {
        throw notA(text, "a DECIMAL(" + precision + "," + scale + ")");
      }
      ((DecimalVector) vector).setSafe(row, fit(value, precision, scale, text));
    }
  }

  /**
   * Rounds a decimal to a scale (half up, as PostgreSQL and DuckDB do) and checks its precision.
   *
   * @param value the value
   * @param precision the column's precision
   * @param scale the column's scale
   * @param text how the value was written, for the error
   * @return the value at the column's scale
   * @throws BadValueException if it has more integer digits than the column allows
   */
  public static BigDecimal fit(BigDecimal value, int precision, int scale, String text)
      throws BadValueException {
    BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
    if (scaled.precision() > precision && scaled.signum() != 0) {
      throw new BadValueException(
          "'"
              + abbreviate(text)
              + "' does not fit DECIMAL("
              + precision
              + ","
              + scale
              + "): at most "
              + (precision - scale)
              + " digits before the point");
    }
    return scaled;
  }

  private static final class Texts extends TextParser {
    @Override
    public void parse(FieldVector vector, int row, String text) {
      ((VarCharVector) vector).setSafe(row, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final class Binaries extends TextParser {
    @Override
    public void parse(FieldVector vector, int row, String text) throws BadValueException {
      ((VarBinaryVector) vector).setSafe(row, parseBinary(text));
    }
  }

  /**
   * Parses a binary value in DuckDB's text form: {@code \xHH} for a byte, any other character for
   * its UTF-8 bytes (DuckDB prints printable ASCII as itself and every other byte escaped).
   *
   * @param text the text
   * @return the bytes
   * @throws BadValueException if a {@code \x} escape lacks its two hex digits
   */
  public static byte[] parseBinary(String text) throws BadValueException {
    if (text.indexOf('\\') < 0) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); ) {
      char c = text.charAt(i);
      if (c == '\\'
          && i + 1 < text.length()
          && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        int low = i + 3 < text.length() ? Character.digit(text.charAt(i + 3), 16) : -1;
        if (high < 0 || low < 0) {
          throw notA(text, "a VARBINARY (each \\x needs two hex digits)");
        }
        bytes.write(high << 4 | low);
        i += 4;
      } else {
        int end = i + Character.charCount(text.codePointAt(i));
        byte[] utf8 = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i = end;
      }
    }
    return bytes.toByteArray();
  }

  private static final class Dates extends TextParser {
    private final DateTimeFormatter format;

    Dates(DateTimeFormatter format) {
      this.format = format;
    }

    @Override
    public void parse(FieldVector vector, int row, String text) throws BadValueException {
      ((DateDayVector) vector).setSafe(row, (int) parseDate(text.strip(), format));
    }
  }

  /**
   * @return epoch days of a date in ISO form ({@code 2024-01-31}) or the given format
   */
  static long parseDate(String text, DateTimeFormatter format) throws BadValueException {
    if (format != null) {
      try {
        return LocalDate.parse(text, format).toEpochDay();
      } catch (DateTimeParseException e) {
        throw notA(text, "a DATE in the form of date_format");
      }
    }
    int length = text.length();
    if (length == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      if (year >= 0 && month >= 0 && day >= 0) {
        try {
          return LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
          throw new BadValueException("'" + abbreviate(text) + "' is not a valid date");
        }
      }
    }
    try {
      return LocalDate.parse(text).toEpochDay();
    } catch (DateTimeParseException e) {
      throw notA(text, "a DATE (YYYY-MM-DD)");
    }
  }

  /** The number of decimal digits text[from, to), or -1 if any is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static final class Times extends TextParser {
    @Override
    public void parse(FieldVector vector, int row, String text) throws BadValueException {
      try {
        LocalTime time = LocalTime.parse(text.strip());
        ((TimeMicroVector) vector).setSafe(row, time.toNanoOfDay() / 1000);
      } catch (DateTimeParseException e) {
        throw notA(text, "a TIME (HH:MM:SS[.ffffff])");
      }
    }
  }

  private static final class Timestamps extends TextParser {
    private final DateTimeFormatter format;
    private final DateTimeFormatter dateFormat;
    private final boolean zoned;

    Timestamps(DateTimeFormatter format, DateTimeFormatter dateFormat, boolean zoned) {
      this.format = format;
      this.dateFormat = dateFormat;
      this.zoned = zoned;
    }

    @Override
    public void parse(FieldVector vector, int row, String text) throws BadValueException {
      ((TimeStampVector) vector)
          .setSafe(row, parseTimestamp(text.strip(), format, dateFormat, zoned));
    }
  }

  /**
   * Parses a timestamp to microseconds since the epoch. ISO forms: {@code 2024-01-31}, {@code
   * 2024-01-31 12:00}, {@code 2024-01-31T12:00:00.123456}, each optionally followed by {@code Z} or
   * an offset ({@code +02}, {@code +02:00}); an offset converts the time to UTC.
   *
   * @param text the text, stripped
   * @param format the timestamp_format, or null for ISO
   * @param dateFormat the date_format, also accepted for a date alone, or null
   * @param zoned whether the column is TIMESTAMP WITH TIME ZONE (for the error message)
   * @return microseconds since 1970-01-01 00:00 UTC
   */
  static long parseTimestamp(
      String text, DateTimeFormatter format, DateTimeFormatter dateFormat, boolean zoned)
      throws BadValueException {
    String what = zoned ? "a TIMESTAMP WITH TIME ZONE" : "a TIMESTAMP";
    if (format != null) {
      try {
        TemporalAccessor parsed = format.parse(text);
        LocalDateTime local =
            LocalDateTime.of(
                LocalDate.from(parsed),
                parsed.isSupported(ChronoField.HOUR_OF_DAY)
                    ? LocalTime.from(parsed)
                    : LocalTime.MIDNIGHT);
        long micros = micros(local);
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
          micros -= parsed.getLong(ChronoField.OFFSET_SECONDS) * 1_000_000L;
        }
        return micros;
      } catch (DateTimeException e) {
        throw notA(text, what + " in the form of timestamp_format");
      }
    }
    // Fast path: "YYYY-MM-DD HH:MM:SS[.ffffff]" with nothing after it.
    int length = text.length();
    if (length >= 19
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && (text.charAt(10) == ' ' || text.charAt(10) == 'T')
        && text.charAt(13) == ':'
        && text.charAt(16) == ':') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      int hour = digits(text, 11, 13);
      int minute = digits(text, 14, 16);
      int second = digits(text, 17, 19);
      int end = 19;
      long fraction = 0;
      if (end < length && text.charAt(end) == '.') {
        int digits = 0;
        end++;
        while (end < length && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
          if (digits < 6) {
            fraction = fraction * 10 + (text.charAt(end) - '0');
          }
          digits++;
          end++;
        }
        for (int d = digits; d < 6; d++) {
          fraction *= 10;
        }
      }
      if (end == length
          && year >= 0
          && month >= 0
          && day >= 0
          && hour >= 0
          && minute >= 0
          && second >= 0) {
        try {
          long days = LocalDate.of(year, month, day).toEpochDay();
          if (hour > 23 || minute > 59 || second > 59) {
            throw new BadValueException("'" + abbreviate(text) + "' is not a valid time of day");
          }
          return days * MICROS_PER_DAY
              + ((hour * 60L + minute) * 60 + second) * 1_000_000L
              + fraction;
        } catch (DateTimeException e) {
          throw new BadValueException("'" + abbreviate(text) + "' is not a valid date");
        }
      }
    }
    String iso = text.replace(' ', 'T');
    try {
      if (iso.length() == 10) {
        return (dateFormat != null ? LocalDate.parse(text, dateFormat) : LocalDate.parse(iso))
                .toEpochDay()
            * MICROS_PER_DAY;
      }
      if (iso.endsWith("Z") || hasOffset(iso)) {
        String normalized = normalizeOffset(iso);
        return micros(
            OffsetDateTime.parse(normalized)
                .withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDateTime());
      }
      return micros(LocalDateTime.parse(iso));
    } catch (DateTimeParseException e) {
      throw notA(text, what + " (YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM])");
    }
  }

  private static boolean hasOffset(String iso) {
    int t = iso.indexOf('T');
    if (t < 0) {
      return false;
    }
    return iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0;
  }

  /** "+02" and "+0200" become "+02:00", which OffsetDateTime parses. */
  private static String normalizeOffset(String iso) {
    if (iso.endsWith("Z")) {
      return iso;
    }
    int t = iso.indexOf('T');
    int sign = Math.max(iso.indexOf('+', t), iso.indexOf('-', t));
    String offset = iso.substring(sign + 1);
    String head = iso.substring(0, sign + 1);
    if (offset.length() == 2) {
      return head + offset + ":00";
    }
    if (offset.length() == 4 && offset.indexOf(':') < 0) {
      return head + offset.substring(0, 2) + ":" + offset.substring(2);
    }
    return iso;
  }

  static long micros(LocalDateTime time) {
    return time.toLocalDate().toEpochDay() * MICROS_PER_DAY
        + time.toLocalTime().toNanoOfDay() / 1000;
  }
}
