package io.sluice.connectors.internal;

import io.sluice.connectors.BadValueException;
import io.sluice.storage.ColumnType;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Infers a column's type from sample values written as text, the way DuckDB's CSV sniffer does: the
 * narrowest of BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP (WITH TIME ZONE when every value carries an
 * offset) that every non-null sample parses as, else VARCHAR.
 */
public final class TypeGuess {
  /** Rows a reader samples to infer types, as DuckDB does. */
  public static final int SAMPLE_ROWS = 20_480;

  private static final int BOOLEAN = 1;
  private static final int BIGINT = 2;
  private static final int DOUBLE = 4;
  private static final int DATE = 8;
  private static final int TIMESTAMP = 16;
  private static final int ZONED = 32;

  private final DateTimeFormatter timestampFormat;
  private final DateTimeFormatter dateFormat;
  private int possible = BOOLEAN | BIGINT | DOUBLE | DATE | TIMESTAMP | ZONED;
  private boolean seen;

  /**
   * @param timestampFormat the timestamp_format, or null for ISO
   * @param dateFormat the date_format, or null for ISO
   */
  public TypeGuess(DateTimeFormatter timestampFormat, DateTimeFormatter dateFormat) {
    this.timestampFormat = timestampFormat;
    this.dateFormat = dateFormat;
  }

  /**
   * @param text a non-null sample value
   */
  public void add(String text) {
    seen = true;
    if (possible == 0) {
      return;
    }
    String value = text.strip();
    if ((possible & BOOLEAN) != 0) {
      String lower = value.toLowerCase(Locale.ROOT);
      if (!lower.equals("true") && !lower.equals("false")) {
        possible &= ~BOOLEAN;
      }
    }
    if ((possible & BIGINT) != 0
        && (value.indexOf('.') >= 0
            || !parses(() -> TextParser.parseLong(value, ColumnType.BIGINT)))) {
      possible &= ~BIGINT;
    }
    if ((possible & DOUBLE) != 0
        && !parses(() -> TextParser.parseDouble(value, ColumnType.DOUBLE))) {
      possible &= ~DOUBLE;
    }
    if ((possible & DATE) != 0 && !parses(() -> TextParser.parseDate(value, dateFormat))) {
      possible &= ~DATE;
    }
    if ((possible & (TIMESTAMP | ZONED)) != 0) {
      boolean timestamp =
          (value.length() > 10 || timestampFormat != null)
              && parses(() -> TextParser.parseTimestamp(value, timestampFormat, dateFormat, false));
      if (!timestamp) {
        possible &= ~(TIMESTAMP | ZONED);
      } else if (!hasOffset(value)) {
        possible &= ~ZONED;
      }
    }
  }

  private static boolean hasOffset(String value) {
    if (value.endsWith("Z") || value.endsWith("z")) {
      return true;
    }
    int time = Math.max(value.indexOf('T'), value.indexOf(' '));
    return time > 0 && (value.indexOf('+', time) > 0 || value.indexOf('-', time) > 0);
  }

  private interface Parse {
    void run() throws BadValueException;
  }

  private static boolean parses(Parse parse) {
    try {
      parse.run();
      return true;
    } catch (BadValueException | RuntimeException e) {
      return false;
    }
  }

  /**
   * @return the canonical Arrow type of the inferred column type
   */
  public ArrowType type() {
    if (!seen) {
      return ColumnType.VARCHAR.arrowType();
    }
    if ((possible & BOOLEAN) != 0) {
      return ColumnType.BOOLEAN.arrowType();
    }
    if ((possible & BIGINT) != 0) {
      return ColumnType.BIGINT.arrowType();
    }
    if ((possible & DOUBLE) != 0) {
      return ColumnType.DOUBLE.arrowType();
    }
    if ((possible & DATE) != 0) {
      return ColumnType.DATE.arrowType();
    }
    if ((possible & ZONED) != 0) {
      return ColumnType.TIMESTAMP_WITH_TIME_ZONE.arrowType();
    }
    if ((possible & TIMESTAMP) != 0) {
      return ColumnType.TIMESTAMP.arrowType();
    }
    return ColumnType.VARCHAR.arrowType();
  }
}
