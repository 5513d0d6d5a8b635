package io.sluice.examples.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class TypeFunctionsTest {
  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

  private static long micros(LocalDateTime t) {
    return ChronoUnit.MICROS.between(EPOCH, t);
  }

  @Test
  void addDaysIsCalendarArithmetic() {
    int feb28 = (int) LocalDate.of(2024, 2, 28).toEpochDay();
    assertEquals(LocalDate.of(2024, 3, 1).toEpochDay(), TypeFunctions.addDays(feb28, 2));
    assertEquals(LocalDate.of(1969, 12, 31).toEpochDay(), TypeFunctions.addDays(0, -1));
    assertThrows(ArithmeticException.class, () -> TypeFunctions.addDays(Integer.MAX_VALUE, 1));
  }

  @Test
  void decimalRoundIsHalfAwayFromZero() {
    assertEquals(new BigDecimal("1.23"), TypeFunctions.decimalRound(new BigDecimal("1.2349")));
    assertEquals(new BigDecimal("1.24"), TypeFunctions.decimalRound(new BigDecimal("1.2350")));
    assertEquals(new BigDecimal("-1.24"), TypeFunctions.decimalRound(new BigDecimal("-1.2350")));
    assertEquals(new BigDecimal("0.00"), TypeFunctions.decimalRound(new BigDecimal("0.0049")));
    assertEquals(
        new BigDecimal("100000000000000.00"),
        TypeFunctions.decimalRound(new BigDecimal("99999999999999.9999")));
  }

  @Test
  void decimalAddFailsBeyond38Digits() {
    BigDecimal max = new BigDecimal(BigInteger.TEN.pow(38).subtract(BigInteger.ONE), 10);
    assertEquals(max, TypeFunctions.decimalAdd(max.subtract(BigDecimal.ONE), BigDecimal.ONE));
    assertEquals(
        new BigDecimal("0.0000000003"),
        TypeFunctions.decimalAdd(new BigDecimal("0.0000000001"), new BigDecimal("0.0000000002")));
    assertThrows(
        ArithmeticException.class, () -> TypeFunctions.decimalAdd(max, new BigDecimal("1e-10")));
  }

  @Test
  void temporalFunctionsAgreeWithJavaTime() {
    assertEquals(13, TypeFunctions.timeHour(LocalTime.of(13, 59, 59).toNanoOfDay() / 1000));
    assertThrows(IllegalArgumentException.class, () -> TypeFunctions.timeHour(86_400_000_000L));

    LocalDateTime t = LocalDateTime.of(1969, 7, 20, 20, 17, 40);
    assertEquals(
        micros(t.truncatedTo(ChronoUnit.DAYS)), TypeFunctions.timestampTruncDay(micros(t)));
    assertEquals(LocalDate.of(1969, 7, 20).toEpochDay(), TypeFunctions.instantDate(micros(t)));
    assertEquals(-1, TypeFunctions.instantDate(-1));
    assertThrows(ArithmeticException.class, () -> TypeFunctions.timestampTruncDay(Long.MIN_VALUE));

    OffsetDateTime inIndia = OffsetDateTime.of(t, ZoneOffset.ofHoursMinutes(5, 30));
    assertEquals(
        ChronoUnit.MICROS.between(EPOCH.toInstant(ZoneOffset.UTC), inIndia.toInstant()),
        TypeFunctions.atOffset(micros(t), (short) 330));
    assertThrows(IllegalArgumentException.class, () -> TypeFunctions.atOffset(0, (short) -1081));
  }

  @Test
  void hexAndCoalesce() {
    assertEquals("00ff7f", TypeFunctions.toHex(new byte[] {0, (byte) 0xFF, 0x7F}));
    assertEquals("", TypeFunctions.toHex(new byte[0]));
    assertEquals(1L, TypeFunctions.rowCoalesce(1L, 2L));
    assertEquals(2L, TypeFunctions.rowCoalesce(null, 2L));
    assertNull(TypeFunctions.rowCoalesce(null, null));
  }
}
