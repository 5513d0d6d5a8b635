package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.examples.reference.TypeFunctions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs udfs/types.wasm on Chicory: every SQL type across both ABIs, and the typed functions. */
class TypesUdfTest {
  private static final BigInteger TEN_38 = BigInteger.TEN.pow(38);

  private final TestHost host = TestHost.example("types");

  @AfterEach
  void close() {
    host.close();
  }

  private void assertEchoes(String function, String format, Object... values) {
    List<Object> in = Arrays.asList(values);
    List<Object> out = host.scalar(function, format, Column.of(format, in));
    assertEquals(in.size(), out.size());
    for (int i = 0; i < in.size(); i++) {
      if (in.get(i) instanceof byte[] bytes) {
        assertArrayEquals(bytes, (byte[]) out.get(i));
      } else {
        assertEquals(in.get(i), out.get(i), function + " row " + i);
      }
    }
  }

  @Test
  void batchEchoesEveryTypeWithNulls() {
    assertEchoes("echo_boolean", "b", true, null, false, true, true, false, false, true, true);
    assertEchoes("echo_tinyint", "c", (byte) -128, null, (byte) 127, (byte) 0);
    assertEchoes("echo_smallint", "s", Short.MIN_VALUE, null, Short.MAX_VALUE);
    assertEchoes("echo_int", "i", Integer.MIN_VALUE, null, Integer.MAX_VALUE, 0);
    assertEchoes("echo_bigint", "l", Long.MIN_VALUE, null, Long.MAX_VALUE);
    assertEchoes("echo_float", "f", Float.MIN_VALUE, null, Float.NaN, -0.0f, Float.MAX_VALUE);
    assertEchoes("echo_double", "g", Double.MIN_VALUE, null, Double.NEGATIVE_INFINITY, -0.0);
    assertEchoes(
        "echo_decimal",
        "d:38,10",
        TEN_38.subtract(BigInteger.ONE),
        null,
        TEN_38.subtract(BigInteger.ONE).negate(),
        BigInteger.ZERO,
        BigInteger.valueOf(-1));
    assertEchoes("echo_varchar", "u", "", null, "naïve 東京 🙂", "x".repeat(10_000));
    assertEchoes("echo_varbinary", "z", new byte[0], null, new byte[] {0, (byte) 0xFF, 0x7F});
    assertEchoes("echo_date", "tdD", 0, null, -719_162, 2_932_896);
    assertEchoes("echo_time", "ttu", 0L, null, 86_399_999_999L);
    assertEchoes("echo_timestamp", "tsu:", Long.MIN_VALUE, null, 0L, Long.MAX_VALUE);
    assertEchoes("echo_timestamp_tz", "tsu:UTC", 1_700_000_000_000_000L, null);
    assertEchoes("echo_bigint", "l");
  }

  @Test
  void rowEchoesEveryType() {
    assertEquals(1L, host.row("row_echo_boolean", 1));
    assertEquals(-128L, (int) host.row("row_echo_tinyint", -128));
    assertEquals(-32768L, (int) host.row("row_echo_smallint", -32768));
    assertEquals(Integer.MIN_VALUE, (int) host.row("row_echo_int", Integer.MIN_VALUE));
    assertEquals(Long.MIN_VALUE, host.row("row_echo_bigint", Long.MIN_VALUE));
    long floatBits = Float.floatToRawIntBits(-1.5f) & 0xFFFFFFFFL;
    assertEquals(-1.5f, Float.intBitsToFloat((int) host.row("row_echo_float", floatBits)));
    assertEquals(Math.PI, host.rowDouble("row_echo_double", Math.PI));
    assertEquals(
        -999_999_999_999_999_999L, host.row("row_echo_decimal", -999_999_999_999_999_999L));
    assertEquals(-25_567, (int) host.row("row_echo_date", -25_567));
    assertEquals(43_200_000_000L, host.row("row_echo_time", 43_200_000_000L));
    assertEquals(-1L, host.row("row_echo_timestamp", -1L));
    assertEquals(1L, host.row("row_echo_timestamp_tz", 1L));
    assertEquals("naïve 🙂", host.rowString("row_echo_varchar", "naïve 🙂"));
    assertEquals("", host.rowString("row_echo_varchar", ""));
    byte[] bytes = {0, 1, (byte) 0xFE};
    assertArrayEquals(bytes, host.rowBytes("row_echo_varbinary", bytes));
  }

  @Test
  void rowCoalesceUsesTheNullMaskAndReturnNull() {
    assertEquals(7L, host.row("row_coalesce", 7, 9, 0b00));
    assertFalse(host.returnedNull());
    assertEquals(9L, host.row("row_coalesce", 0, 9, 0b01));
    assertEquals(7L, host.row("row_coalesce", 7, 0, 0b10));
    host.row("row_coalesce", 0, 0, 0b11);
    assertTrue(host.returnedNull());
    assertEquals(null, TypeFunctions.rowCoalesce(null, null));
  }

  @Test
  void arrowFormatsShowsWhatTheHostWrote() {
    List<Column> columns = new ArrayList<>();
    String[] formats = TypeFunctions.ARROW_FORMATS.split(" ");
    for (String format : formats) {
      columns.add(Column.of(format, (Object) null));
    }
    assertEquals(
        List.of(TypeFunctions.ARROW_FORMATS),
        host.scalar("arrow_formats", "u", columns.toArray(new Column[0])));
  }

  @Test
  void dateDecimalAndTemporalFunctionsMatchTheReferences() {
    int today = (int) LocalDate.of(2024, 2, 28).toEpochDay();
    assertEquals(
        Arrays.asList(TypeFunctions.addDays(today, 2), null, TypeFunctions.addDays(-1, -365)),
        host.scalar(
            "add_days", "tdD", Column.of("tdD", today, 5, -1), Column.of("i", 2, null, -365)));
    assertEquals(LocalDate.of(2024, 3, 1).toEpochDay(), TypeFunctions.addDays(today, 2));

    List<BigDecimal> decimals =
        List.of(
            new BigDecimal("1.2345"),
            new BigDecimal("1.2350"),
            new BigDecimal("-1.2350"),
            new BigDecimal("-1.2349"),
            new BigDecimal("99999999999999.9999"),
            new BigDecimal("0.0049"));
    List<Object> expected = new ArrayList<>();
    List<Object> unscaled = new ArrayList<>();
    for (BigDecimal d : decimals) {
      unscaled.add(d.unscaledValue());
      expected.add(TypeFunctions.decimalRound(d).unscaledValue());
    }
    assertEquals(expected, host.scalar("decimal_round", "d:18,2", Column.of("d:18,4", unscaled)));
    assertEquals(new BigDecimal("-1.24"), TypeFunctions.decimalRound(new BigDecimal("-1.2350")));

    BigInteger nines = TEN_38.subtract(BigInteger.ONE);
    assertEquals(
        Arrays.asList(BigInteger.valueOf(3), nines),
        host.scalar(
            "decimal_add",
            "d:38,10",
            Column.of("d:38,10", BigInteger.ONE, nines.subtract(BigInteger.TEN)),
            Column.of("d:38,10", BigInteger.TWO, BigInteger.TEN)));
    GuestException overflow =
        assertThrows(
            GuestException.class,
            () ->
                host.scalar(
                    "decimal_add",
                    "d:38,10",
                    Column.of("d:38,10", BigInteger.ZERO, nines),
                    Column.of("d:38,10", BigInteger.ZERO, nines)));
    assertEquals(List.of(1), overflow.rows());
    assertThrows(
        ArithmeticException.class,
        () -> TypeFunctions.decimalAdd(new BigDecimal(nines, 10), new BigDecimal(nines, 10)));

    long noon = LocalTime.NOON.toNanoOfDay() / 1000;
    assertEquals(
        Arrays.asList((byte) 12, (byte) 0, (byte) 23),
        host.scalar("time_hour", "c", Column.of("ttu", noon, 0L, 86_399_999_999L)));
    assertThrows(GuestException.class, () -> host.scalar("time_hour", "c", Column.of("ttu", -1L)));

    long beforeEpoch = micros(LocalDateTime.of(1969, 12, 31, 23, 59, 59));
    long later = micros(LocalDateTime.of(2024, 6, 30, 18, 45));
    assertEquals(
        Arrays.asList(
            micros(LocalDateTime.of(1969, 12, 31, 0, 0)),
            micros(LocalDateTime.of(2024, 6, 30, 0, 0))),
        host.scalar("timestamp_trunc_day", "tsu:", Column.of("tsu:", beforeEpoch, later)));
    assertEquals(
        Arrays.asList(-1, (int) LocalDate.of(2024, 6, 30).toEpochDay()),
        host.scalar("instant_date", "tdD", Column.of("tsu:UTC", beforeEpoch, later)));
    assertEquals(
        List.of(micros(LocalDateTime.of(2024, 6, 30, 18, 45).minus(330, ChronoUnit.MINUTES))),
        host.scalar("at_offset", "tsu:UTC", Column.of("tsu:", later), Column.of("s", (short) 330)));
    assertEquals(
        LocalDateTime.of(2024, 6, 30, 18, 45).toInstant(ZoneOffset.ofHoursMinutes(5, 30)),
        LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC)
            .toInstant(ZoneOffset.UTC)
            .plus(TypeFunctions.atOffset(later, (short) 330), ChronoUnit.MICROS));
    assertThrows(
        GuestException.class,
        () ->
            host.scalar(
                "at_offset", "tsu:UTC", Column.of("tsu:", later), Column.of("s", (short) 1081)));

    byte[] bytes = "Hi\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(
        Arrays.asList(TypeFunctions.toHex(bytes), "", null),
        host.scalar("to_hex", "u", Column.of("z", bytes, new byte[0], null)));
    assertEquals("486900ff", TypeFunctions.toHex(bytes));
  }

  private static long micros(LocalDateTime t) {
    return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t);
  }
}
