package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Turns a predicate literal, a Java value of the column's type, into the value its {@link
 * ValueKind} compares: a Long, Double, BigDecimal or byte[].
 */
final class LiteralBinder {

  private LiteralBinder() {}

  /**
   * @param type the column's SQL type
   * @param literal the literal
   * @param context names the predicate and column, for the error message
   * @return the comparable value
   * @throws IllegalArgumentException if the literal does not fit the column's type
   */
  static Object bind(ColumnType type, Object literal, String context) {
    try {
      switch (type) {
        case BOOLEAN:
          return ((Boolean) expect(literal, Boolean.class)) ? 1L : 0L;
        case TINYINT:
        case SMALLINT:
        case INT:
        case BIGINT:
          return integral(literal);
        case FLOAT:
        case DOUBLE:
          return ((Number) expect(literal, Number.class)).doubleValue();
        case DECIMAL:
          return decimal(literal);
        case VARCHAR:
          return expect(literal, CharSequence.class).toString().getBytes(StandardCharsets.UTF_8);
        case VARBINARY:
          return ((byte[]) expect(literal, byte[].class)).clone();
        case DATE:
          return literal instanceof LocalDate
              ? ((LocalDate) literal).toEpochDay()
              : integral(literal);
        case TIME:
          return literal instanceof LocalTime
              ? ((LocalTime) literal).toNanoOfDay() / 1000
              : integral(literal);
        case TIMESTAMP:
          return literal instanceof LocalDateTime
              ? micros(((LocalDateTime) literal).toInstant(ZoneOffset.UTC))
              : integral(literal);
        default: // TIMESTAMP WITH TIME ZONE
          return instantMicros(literal);
      }
    } catch (ClassCastException | ArithmeticException e) {
      throw new IllegalArgumentException(
          context
              + ": column type "
              + type.sqlName()
              + " does not accept the literal "
              + literal
              + " ("
              + literal.getClass().getSimpleName()
              + "); see docs/storage.md for the accepted Java classes",
          e);
    }
  }

  private static Object expect(Object literal, Class<?> type) {
    if (!type.isInstance(literal)) {
      throw new ClassCastException(literal.getClass() + " is not " + type);
    }
    return literal;
  }

  private static long integral(Object literal) {
    if (literal instanceof Long
        || literal instanceof Integer
        || literal instanceof Short
        || literal instanceof Byte) {
      return ((Number) literal).longValue();
    }
    throw new ClassCastException(literal.getClass() + " is not an integer");
  }

  private static BigDecimal decimal(Object literal) {
    if (literal instanceof BigDecimal) {
      return (BigDecimal) literal;
    }
    if (literal instanceof Double || literal instanceof Float) {
      double value = ((Number) literal).doubleValue();
      if (!Double.isFinite(value)) {
        throw new ArithmeticException("not finite");
      }
      return BigDecimal.valueOf(value);
    }
    return BigDecimal.valueOf(integral(literal));
  }

  private static long instantMicros(Object literal) {
    if (literal instanceof Instant) {
      return micros((Instant) literal);
    }
    if (literal instanceof OffsetDateTime) {
      return micros(((OffsetDateTime) literal).toInstant());
    }
    if (literal instanceof ZonedDateTime) {
      return micros(((ZonedDateTime) literal).toInstant());
    }
    return integral(literal);
  }

  /** Microseconds since the epoch, truncated towards the past like Arrow's timestamp vectors. */
  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }
}
