package io.sluice.connectors.internal;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
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
import java.util.Arrays;
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
 *
 * <p>The CSV reader hands fields over as ranges of its character buffer, so the common types
 * (integers, doubles, decimals up to 18 digits, ISO dates and timestamps, text) parse without
 * making a String: this class is the hot loop of loading a CSV file. Not thread-safe (text parsers
 * keep a scratch buffer).
 */
public abstract class TextParser {
  static final long MICROS_PER_DAY = 86_400_000_000L;

  /**
   * @param vector the column
   * @param row the row to set
   * @param text the field's characters
   * @param offset where the field starts in them
   * @param length its length
   * @throws BadValueException if the text is not a value of the column's type
   */
  public abstract void parse(FieldVector vector, int row, char[] text, int offset, int length)
      throws BadValueException;

  /**
   * @param vector the column
   * @param row the row to set
   * @param text the value's text, not null
   * @throws BadValueException if the text is not a value of the column's type
   */
  public void parse(FieldVector vector, int row, String text) throws BadValueException {
    char[] chars = text.toCharArray();
    parse(vector, row, chars, 0, chars.length);
  }

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

  static BadValueException notA(char[] text, int offset, int length, String what) {
    return notA(new String(text, offset, length), what);
  }

  static BadValueException outOfRange(char[] text, int offset, int length, ColumnType type) {
    return new BadValueException(
        "'"
            + abbreviate(new String(text, offset, length))
            + "' is out of range for "
            + type.sqlName());
  }

  /**
   * @param text a value's text
   * @return the text, cut to 80 characters with an ellipsis, for error messages
   */
  public static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  /** The first non-blank position of a range. */
  static int trimStart(char[] text, int from, int to) {
    while (from < to && text[from] <= ' ') {
      from++;
    }
    return from;
  }

  /** The end of a range without trailing blanks. */
  static int trimEnd(char[] text, int from, int to) {
    while (to > from && text[to - 1] <= ' ') {
      to--;
    }
    return to;
  }

  private static final class Booleans extends TextParser {
    @Override
    public void parse(FieldVector vector, int row, char[] text, int offset, int length)
        throws BadValueException {
      int from = trimStart(text, offset, offset + length);
      int to = trimEnd(text, from, offset + length);
      boolean value;
      switch (new String(text, from, to - from).toLowerCase(Locale.ROOT)) {
        case "true", "t", "1", "yes", "y", "on" -> value = true;
        case "false", "f", "0", "no", "n", "off" -> value = false;
        default -> throw notA(text, offset, length, "a BOOLEAN (true or false)");
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
    public void parse(FieldVector vector, int row, char[] text, int offset, int length)
        throws BadValueException {
      long value = parseLong(text, offset, length, type);
      if (value < min || value > max) {
        throw outOfRange(text, offset, length, type);
      }
      switch (type) {
        case TINYINT -> ((TinyIntVector) vector).setSafe(row, (byte) value);
        case SMALLINT -> ((SmallIntVector) vector).setSafe(row, (short) value);
        case INT -> ((IntVector) vector).setSafe(row, (int) value);
        default -> ((BigIntVector) vector).setSafe(row, value);
      }
    }
  }

  static long parseLong(String text, ColumnType type) throws BadValueException {
    char[] chars = text.toCharArray();
    return parseLong(chars, 0, chars.length, type);
  }

  /** Parses a whole number, allowing blanks around it, a sign, and a {@code .0...} tail. */
  static long parseLong(char[] text, int offset, int length, ColumnType type)
      throws BadValueException {
    int start = trimStart(text, offset, offset + length);
    int end = trimEnd(text, start, offset + length);
    if (start == end) {
      throw notA(text, offset, length, "a " + type.sqlName());
    }
    boolean negative = false;
    char first = text[start];
    if (first == '-' || first == '+') {
      negative = first == '-';
      start++;
    }
    if (start == end) {
      throw notA(text, offset, length, "a " + type.sqlName());
    }
    long value = 0;
    int i = start;
    for (; i < end; i++) {
      char c = text[i];
      if (c < '0' || c > '9') {
        break;
      }
      int digit = c - '0';
      // Accumulate negatively so Long.MIN_VALUE parses.
      if (value < (Long.MIN_VALUE + digit) / 10) {
        throw outOfRange(text, offset, length, type);
      }
      value = value * 10 - digit;
    }
    if (i == start) {
      throw notA(text, offset, length, "a " + type.sqlName());
    }
    if (i < end) {
      // "12.0" or "12.000" is still a whole number; "12.5" or "1e3" is not.
      if (text[i] != '.') {
        throw notA(text, offset, length, "a " + type.sqlName());
      }
      for (int j = i + 1; j < end; j++) {
        if (text[j] != '0') {
          throw notA(text, offset, length, "a " + type.sqlName() + " (it has a fraction)");
        }
      }
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        throw outOfRange(text, offset, length, type);
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
    public void parse(FieldVector vector, int row, char[] text, int offset, int length)
        throws BadValueException {
      double value = parseDouble(text, offset, length, type);
      if (type == ColumnType.FLOAT) {
        float narrowed = (float) value;
        if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
          throw outOfRange(text, offset, length, type);
        }
        ((Float4Vector) vector).setSafe(row, narrowed);
      } else {
        ((Float8Vector) vector).setSafe(row, value);
      }
    }
  }

  static double parseDouble(String text, ColumnType type) throws BadValueException {
    char[] chars = text.toCharArray();
    return parseDouble(chars, 0, chars.length, type);
  }

  static double parseDouble(char[] text, int offset, int length, ColumnType type)
      throws BadValueException {
    int from = trimStart(text, offset, offset + length);
    int to = trimEnd(text, from, offset + length);
    if (from == to) {
      throw notA(text, offset, length, "a " + type.sqlName());
    }
    int letters = 0;
    for (int i = from; i < to; i++) {
      char c = text[i];
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        letters++;
      }
    }
    if (letters > 0) {
      // Only the words for NaN and infinity; Java's "1d" and hex floats are not numbers here.
      switch (new String(text, from, to - from).toLowerCase(Locale.ROOT)) {
        case "nan", "+nan", "-nan" -> {
          return Double.NaN;
        }
        case "inf", "+inf", "infinity", "+infinity" -> {
          return Double.POSITIVE_INFINITY;
        }
        case "-inf", "-infinity" -> {
          return Double.NEGATIVE_INFINITY;
        }
        default -> throw notA(text, offset, length, "a " + type.sqlName());
      }
    }
    double parsed;
    try {
      parsed = JavaDoubleParser.parseDouble(text, from, to - from);
    } catch (NumberFormatException e) {
      throw notA(text, offset, length, "a " + type.sqlName());
    }
    if (Double.isInfinite(parsed)) {
      throw outOfRange(text, offset, length, type);
    }
    return parsed;
  }

  private static final class Decimals extends TextParser {
    private final int precision;
    private final int scale;

    Decimals(int precision, int scale) {
      this.precision = precision;
      this.scale = scale;
    }

    @Override
    public void parse(FieldVector vector, int row, char[] text, int offset, int length)
        throws BadValueException {
      int from = trimStart(text, offset, offset + length);
      int to = trimEnd(text, from, offset + length);
      if (precision <= 18 && fastUnscaled(text, from, to)) {
        ((DecimalVector) vector).setSafe(row, unscaled);
        return;
      }
      BigDecimal value;
      try {
        value = new BigDecimal(text, from, to - from);
      } catch (NumberFormatException e) {
        throw notA(text, offset, length, "a DECIMAL(" + precision + "," + scale + ")");
      }
      ((DecimalVector) vector)
          .setSafe(row, fit(value, precision, scale, new String(text, offset, length)));
    }

    private long unscaled;

    /**
     * Parses plain {@code [-]digits[.digits]} into {@link #unscaled} at the column's scale,
     * rounding half up; false for anything else (exponents, more than 18 digits), which the
     * BigDecimal path takes instead.
     */
    private boolean fastUnscaled(char[] text, int from, int to) {
      if (from == to) {
        return false;
      }
      int i = from;
      boolean negative = false;
      if (text[i] == '-' || text[i] == '+') {
        negative = text[i] == '-';
        i++;
      }
      long value = 0;
      int significant = 0;
      int fractionDigits = 0;
      boolean point = false;
      boolean any = false;
      boolean dropped = false;
      boolean roundUp = false;
      for (; i < to; i++) {
        char c = text[i];
        if (c == '.') {
          if (point) {
            return false;
          }
          point = true;
          continue;
        }
        if (c < '0' || c > '9') {
          return false;
        }
        any = true;
        if (point) {
          if (fractionDigits == scale) {
            if (!dropped) {
              roundUp = c >= '5'; // half up: only the first dropped digit matters
              dropped = true;
            }
            continue;
          }
          fractionDigits++;
        }
        if (value != 0 || c != '0') {
          significant++;
        }
        if (significant > 18) {
          return false;
        }
        value = value * 10 + (c - '0');
      }
      if (!any) {
        return false;
      }
      for (int f = fractionDigits; f < scale; f++) {
        if (value > Long.MAX_VALUE / 10 / 10) {
          return false;
        }
        value *= 10;
      }
      if (roundUp) {
        value++;
      }
      if (value >= POWERS[precision]) {
        return false; // the slow path reports it precisely
      }
      unscaled = negative ? -value : value;
      return true;
    }
  }

  private static final long[] POWERS = new long[19];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = POWERS[i - 1] * 10;
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

  /** Text: UTF-16 characters encoded to UTF-8 into a reused buffer, then into the vector. */
  private static final class Texts extends TextParser {
    private byte[] scratch = new byte[256];

    @Override
    public void parse(FieldVector vector, int row, char[] text, int offset, int length) {
      if (scratch.length < length * 3) {
        scratch = Arrays.copyOf(scratch, Math.max(length * 3, scratch.length * 2));
      }
      int n = 0;
      int end = offset + length;
      for (int i = offset; i < end; i++) {
        char c = text[i];
        if (c < 0x80) {
          scratch[n++] = (byte) c;
        } else if (c < 0x800) {
          scratch[n++] = (byte) (0xC0 | (c >> 6));
          scratch[n++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)
            && i + 1 < end
            && Character.isLowSurrogate(text[i + 1])) {
          int cp = Character.toCodePoint(c, text[++i]);
          scratch[n++] = (byte) (0xF0 | (cp >> 18));
          scratch[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          scratch[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          scratch[n++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          scratch[n++] = (byte) (0xE0 | (c >> 12));
          scratch[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          scratch[n++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      ((VarCharVector) vector).setSafe(row, scratch, 0, n);
    }
  }

  private static final class Binaries extends TextParser {
    @Override
    public void parse(FieldVector vector, int row, char[] text, int offset, int length)
        throws BadValueException {
      ((VarBinaryVector) vector).setSafe(row, parseBinary(new String(text, offset, length)));
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
    public void parse(FieldVector vector, int row, char[] text, int offset, int length)
        throws BadValueException {
      int from = trimStart(text, offset, offset + length);
      int to = trimEnd(text, from, offset + length);
      long days;
      if (format == null && to - from == 10 && text[from + 4] == '-' && text[from + 7] == '-') {
        days = isoDate(text, from, offset, length);
      } else {
        days = parseDate(new String(text, from, to - from), format);
      }
      ((DateDayVector) vector).setSafe(row, (int) days);
    }
  }

  /** Epoch days of {@code YYYY-MM-DD} at {@code from}. */
  private static long isoDate(char[] text, int from, int offset, int length)
      throws BadValueException {
    int year = digits(text, from, from + 4);
    int month = digits(text, from + 5, from + 7);
    int day = digits(text, from + 8, from + 10);
    if (year < 0 || month < 0 || day < 0) {
      throw notA(text, offset, length, "a DATE (YYYY-MM-DD)");
    }
    if (month < 1 || month > 12 || day < 1 || day > 28 && day > lengthOfMonth(year, month)) {
      throw new BadValueException(
          "'" + abbreviate(new String(text, offset, length)) + "' is not a valid date");
    }
    return epochDay(year, month, day);
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a valid date (the civil-from-days algorithm, inverted). */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
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
    try {
      return LocalDate.parse(text).toEpochDay();
    } catch (DateTimeParseException e) {
      throw notA(text, "a DATE (YYYY-MM-DD)");
    }
  }

  /** The number of decimal digits text[from, to), or -1 if any is not a digit. */
  private static int digits(char[] text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static final class Times extends TextParser {
    @Override
    public void parse(FieldVector vector, int row, char[] text, int offset, int length)
        throws BadValueException {
      String value = new String(text, offset, length).strip();
      try {
        LocalTime time = LocalTime.parse(value);
        ((TimeMicroVector) vector).setSafe(row, time.toNanoOfDay() / 1000);
      } catch (DateTimeParseException e) {
        throw notA(value, "a TIME (HH:MM:SS[.ffffff])");
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
    public void parse(FieldVector vector, int row, char[] text, int offset, int length)
        throws BadValueException {
      int from = trimStart(text, offset, offset + length);
      int to = trimEnd(text, from, offset + length);
      long micros;
      if (format == null && (micros = isoTimestamp(text, from, to, offset, length)) != NOT_ISO) {
        ((TimeStampVector) vector).setSafe(row, micros);
        return;
      }
      ((TimeStampVector) vector)
          .setSafe(
              row, parseTimestamp(new String(text, from, to - from), format, dateFormat, zoned));
    }
  }

  private static final long NOT_ISO = Long.MIN_VALUE;

  /**
   * Microseconds of {@code YYYY-MM-DD HH:MM:SS[.f...]} (space or T) filling the whole range, or
   * {@link #NOT_ISO} for any other shape (which the general parser then tries).
   */
  private static long isoTimestamp(char[] text, int from, int to, int offset, int length)
      throws BadValueException {
    if (to - from < 19
        || text[from + 4] != '-'
        || text[from + 7] != '-'
        || (text[from + 10] != ' ' && text[from + 10] != 'T')
        || text[from + 13] != ':'
        || text[from + 16] != ':') {
      return NOT_ISO;
    }
    int hour = digits(text, from + 11, from + 13);
    int minute = digits(text, from + 14, from + 16);
    int second = digits(text, from + 17, from + 19);
    int end = from + 19;
    long fraction = 0;
    if (end < to && text[end] == '.') {
      int count = 0;
      end++;
      while (end < to && text[end] >= '0' && text[end] <= '9') {
        if (count < 6) {
          fraction = fraction * 10 + (text[end] - '0');
        }
        count++;
        end++;
      }
      for (int d = count; d < 6; d++) {
        fraction *= 10;
      }
    }
    if (end != to || hour < 0 || minute < 0 || second < 0) {
      return NOT_ISO;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      throw new BadValueException(
          "'" + abbreviate(new String(text, offset, length)) + "' is not a valid time of day");
    }
    long days = isoDate(text, from, offset, length);
    return days * MICROS_PER_DAY + ((hour * 60L + minute) * 60 + second) * 1_000_000L + fraction;
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
    char[] chars = text.toCharArray();
    long iso = isoTimestamp(chars, 0, chars.length, 0, chars.length);
    if (iso != NOT_ISO) {
      return iso;
    }
    String value = text.replace(' ', 'T');
    try {
      if (value.length() == 10) {
        return (dateFormat != null ? LocalDate.parse(text, dateFormat) : LocalDate.parse(value))
                .toEpochDay()
            * MICROS_PER_DAY;
      }
      if (value.endsWith("Z") || hasOffset(value)) {
        return micros(
            OffsetDateTime.parse(normalizeOffset(value))
                .withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDateTime());
      }
      return micros(LocalDateTime.parse(value));
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
