package io.sluice.wasidata;

import static io.sluice.wasidata.TestGuests.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The row ABI through a real guest, interpreted and compiled: one function per numeric type, the
 * results compared with the same arithmetic in Java; strings, NULLS STRICT and CALLED, errors,
 * traps and invalid results.
 */
class RowAbiTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private static final int ROWS = 300;

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void integerFunctionsMatchJavaArithmetic(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    try (TinyIntVector a8 = (TinyIntVector) Vectors.sample(SqlType.TINYINT, allocator, ROWS, 1);
        TinyIntVector b8 = (TinyIntVector) Vectors.sample(SqlType.TINYINT, allocator, ROWS, 2);
        FieldVector r8 =
            guest.callScalarRow(function("row_add_tinyint"), List.of(a8, b8), ROWS, allocator);
        SmallIntVector a16 = (SmallIntVector) Vectors.sample(SqlType.SMALLINT, allocator, ROWS, 3);
        SmallIntVector b16 = (SmallIntVector) Vectors.sample(SqlType.SMALLINT, allocator, ROWS, 4);
        FieldVector r16 =
            guest.callScalarRow(function("row_add_smallint"), List.of(a16, b16), ROWS, allocator);
        IntVector a32 = (IntVector) Vectors.sample(SqlType.INT, allocator, ROWS, 5);
        IntVector b32 = (IntVector) Vectors.sample(SqlType.INT, allocator, ROWS, 6);
        FieldVector r32 =
            guest.callScalarRow(function("row_add_int"), List.of(a32, b32), ROWS, allocator);
        BigIntVector a64 = (BigIntVector) Vectors.sample(SqlType.BIGINT, allocator, ROWS, 7);
        BigIntVector b64 = (BigIntVector) Vectors.sample(SqlType.BIGINT, allocator, ROWS, 8);
        FieldVector r64 =
            guest.callScalarRow(function("row_add_bigint"), List.of(a64, b64), ROWS, allocator)) {
      for (int i = 0; i < ROWS; i++) {
        boolean anyNull = a8.isNull(i) || b8.isNull(i);
        assertEquals(anyNull ? null : (byte) (a8.get(i) + b8.get(i)), r8.getObject(i), "row " + i);
        assertEquals(
            a16.isNull(i) || b16.isNull(i) ? null : (short) (a16.get(i) + b16.get(i)),
            r16.getObject(i));
        assertEquals(
            a32.isNull(i) || b32.isNull(i) ? null : a32.get(i) + b32.get(i), r32.getObject(i));
        assertEquals(
            a64.isNull(i) || b64.isNull(i) ? null : a64.get(i) + b64.get(i), r64.getObject(i));
      }
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void floatingPointAndBooleanFunctionsMatchJava(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    try (Float4Vector af = (Float4Vector) Vectors.sample(SqlType.FLOAT, allocator, ROWS, 1);
        Float4Vector bf = (Float4Vector) Vectors.sample(SqlType.FLOAT, allocator, ROWS, 2);
        FieldVector rf =
            guest.callScalarRow(function("row_mul_float"), List.of(af, bf), ROWS, allocator);
        Float8Vector ad = (Float8Vector) Vectors.sample(SqlType.DOUBLE, allocator, ROWS, 3);
        Float8Vector bd = (Float8Vector) Vectors.sample(SqlType.DOUBLE, allocator, ROWS, 4);
        FieldVector rd =
            guest.callScalarRow(function("row_mul_double"), List.of(ad, bd), ROWS, allocator);
        BitVector bits = (BitVector) Vectors.sample(SqlType.BOOLEAN, allocator, ROWS, 5);
        FieldVector not =
            guest.callScalarRow(function("row_not"), List.of(bits), ROWS, allocator)) {
      for (int i = 0; i < ROWS; i++) {
        assertEquals(
            af.isNull(i) || bf.isNull(i) ? null : af.get(i) * bf.get(i),
            rf.getObject(i),
            "row " + i);
        assertEquals(ad.isNull(i) || bd.isNull(i) ? null : ad.get(i) * bd.get(i), rd.getObject(i));
        assertEquals(bits.isNull(i) ? null : bits.get(i) == 0, not.getObject(i));
      }
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void decimalDateTimeAndTimestampFunctionsMatchJava(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    SqlType cents = SqlType.decimal(18, 2);
    try (DecimalVector max = (DecimalVector) Vectors.sample(cents, allocator, 2, 1)) {
      GuestException e =
          assertThrows(
              GuestException.class,
              () -> guest.callScalarRow(function("row_add_cent"), List.of(max), 2, allocator));
      assertEquals(
          "function row_add_cent returned an invalid result: the value at row 1,"
              + " 10000000000000000.00, does not fit DECIMAL(18,2)",
          e.getMessage());
    }
    try (DecimalVector dec = (DecimalVector) Vectors.sample(cents, allocator, ROWS, 1);
        FieldVector decOut =
            guest.callScalarRow(function("row_add_cent"), List.of(sub(dec)), ROWS, allocator);
        DateDayVector date = (DateDayVector) Vectors.sample(SqlType.DATE, allocator, ROWS, 2);
        FieldVector dateOut =
            guest.callScalarRow(function("row_next_day"), List.of(date), ROWS, allocator);
        TimeMicroVector time = (TimeMicroVector) Vectors.sample(SqlType.TIME, allocator, ROWS, 3);
        FieldVector timeOut =
            guest.callScalarRow(function("row_plus_second"), List.of(time), ROWS, allocator);
        TimeStampVector ts =
            (TimeStampVector) Vectors.sample(SqlType.TIMESTAMP, allocator, ROWS, 4);
        FieldVector tsOut =
            guest.callScalarRow(function("row_plus_hour"), List.of(ts), ROWS, allocator);
        TimeStampVector tz =
            (TimeStampVector) Vectors.sample(SqlType.TIMESTAMP_TZ, allocator, ROWS, 5);
        FieldVector tzOut =
            guest.callScalarRow(function("row_minus_hour"), List.of(tz), ROWS, allocator)) {
      assertEquals(cents.arrowType(), decOut.getField().getType());
      assertEquals(SqlType.TIMESTAMP_TZ.arrowType(), tzOut.getField().getType());
      for (int i = 0; i < ROWS; i++) {
        assertEquals(
            dec.isNull(i) ? null : dec.getObject(i).add(new BigDecimal("0.01")),
            decOut.getObject(i),
            "row " + i);
        assertEquals(
            date.isNull(i) ? null : date.get(i) + 1,
            ((DateDayVector) dateOut).isNull(i) ? null : ((DateDayVector) dateOut).get(i));
        assertEquals(
            time.isNull(i) ? null : (time.get(i) + 1_000_000) % 86_400_000_000L,
            ((TimeMicroVector) timeOut).isNull(i) ? null : ((TimeMicroVector) timeOut).get(i));
        assertEquals(
            ts.isNull(i) ? null : ts.get(i) + 3_600_000_000L,
            ((TimeStampVector) tsOut).isNull(i) ? null : ((TimeStampVector) tsOut).get(i));
        assertEquals(
            tz.isNull(i) ? null : tz.get(i) - 3_600_000_000L,
            ((TimeStampVector) tzOut).isNull(i) ? null : ((TimeStampVector) tzOut).get(i));
      }
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void stringsGoInAsPointersAndComeBackAsPackedI64(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    try (VarCharVector text = (VarCharVector) Vectors.sample(SqlType.VARCHAR, allocator, ROWS, 9);
        FieldVector upper =
            guest.callScalarRow(function("row_upper"), List.of(text), ROWS, allocator);
        VarBinaryVector blobs =
            (VarBinaryVector) Vectors.sample(SqlType.VARBINARY, allocator, ROWS, 10);
        FieldVector reversed =
            guest.callScalarRow(function("row_reverse"), List.of(blobs), ROWS, allocator);
        IntVector n = (IntVector) Vectors.sample(SqlType.INT, allocator, ROWS, 11);
        FieldVector lengths =
            guest.callScalarRow(
                function("row_lengths"), List.of(text, blobs, n), ROWS, allocator)) {
      for (int i = 0; i < ROWS; i++) {
        String s = text.isNull(i) ? null : text.getObject(i).toString();
        assertEquals(s == null ? null : asciiUpper(s), Vectors.values(upper).get(i), "row " + i);
        byte[] b = blobs.get(i);
        assertArrayEquals(b == null ? null : reverse(b), ((VarBinaryVector) reversed).get(i));
        Object expected =
            s == null || b == null || n.isNull(i)
                ? null
                : s.getBytes(StandardCharsets.UTF_8).length + b.length + n.get(i);
        assertEquals(expected, lengths.getObject(i), "row " + i);
      }
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void stringArgumentsWithLeadingBytesAreRebased(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    List<String> values = Arrays.asList("abc", null, "", "déf");
    try (VarCharVector text = Vectors.varcharWithLeadingBytes(allocator, values, 5);
        FieldVector upper =
            guest.callScalarRow(function("row_upper"), List.of(text), 4, allocator)) {
      assertEquals(Arrays.asList("ABC", null, "", "DéF"), Vectors.values(upper));
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void nullsCalledPassesTheMaskAndHonoursReturnNull(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    try (IntVector a = Vectors.ints(allocator, 1, null, null, 4);
        IntVector b = Vectors.ints(allocator, 10, 20, null, null);
        FieldVector out =
            guest.callScalarRow(function("row_coalesce"), List.of(a, b), 4, allocator);
        VarCharVector s = Vectors.strings(allocator, "hello", null, "ü", null);
        IntVector n = Vectors.ints(allocator, 7, 8, null, null);
        FieldVector described =
            guest.callScalarRow(function("row_describe"), List.of(s, n), 4, allocator)) {
      assertEquals(Arrays.asList(1, 20, null, 4), Vectors.values(out));
      assertEquals(
          List.of("mask=0 len=5 n=7", "mask=1 len=0 n=8", "mask=2 len=2 n=0", "mask=3 len=0 n=0"),
          Vectors.values(described));
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void aRowErrorNamesTheRowWithItsMessageRepaired(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    try (IntVector in = Vectors.ints(allocator, 1, null, 2, 13, 13)) {
      GuestException e =
          assertThrows(
              GuestException.class,
              () -> guest.callScalarRow(function("row_fail_on_13"), List.of(in), 5, allocator));
      assertEquals(
          "function row_fail_on_13 failed on row 3: unlucky \uFFFD number", e.getMessage());
      assertEquals(GuestException.Kind.GUEST_ERROR, e.kind());
      assertEquals(3, e.row());
      assertTrue(e.logTail().contains("about to fail on 13"), e.logTail());
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void aTrapNamesTheRowAndBreaksTheGuest(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    try (IntVector a = Vectors.ints(allocator, 1, 2, 3, 4, 5);
        IntVector b = Vectors.ints(allocator, 1, 1, null, 1, 0)) {
      GuestException e =
          assertThrows(
              GuestException.class,
              () -> guest.callScalarRow(function("row_divide"), List.of(a, b), 5, allocator));
      assertEquals("function row_divide trapped on row 4: integer divide by zero", e.getMessage());
      assertEquals(GuestException.Kind.TRAP, e.kind());
      assertTrue(guest.isBroken());
      assertThrows(
          IllegalStateException.class,
          () -> guest.callScalarRow(function("row_divide"), List.of(a, a), 5, allocator));
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void invalidRowResultsAreRejectedPrecisely(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    long memory = guest.memory().byteSize();
    assertRejected(
        guest,
        "row_bad_pointer",
        allocator,
        "function row_bad_pointer returned an invalid result: the result at row 0, 0x7ffffff0 + 2"
            + " bytes, is outside the guest memory of "
            + memory
            + " bytes",
        List.of(2, 0));
    assertRejected(
        guest,
        "row_bad_utf8",
        allocator,
        "function row_bad_utf8 returned an invalid result: invalid UTF-8 at row 1",
        List.of(0, 1));
    assertRejected(
        guest,
        "row_wide_tinyint",
        allocator,
        "function row_wide_tinyint returned an invalid result: the result 300 at row 2 does not"
            + " fit TINYINT",
        List.of(-128, 127, 300));
    assertRejected(
        guest,
        "row_strict_null",
        allocator,
        "function row_strict_null returned an invalid result: row 1 called return_null, but the"
            + " function is NULLS STRICT and never returns NULL",
        List.of(5, -5));
    try (BigIntVector wide = new BigIntVector("v", allocator)) {
      wide.allocateNew(2);
      wide.set(0, 9999);
      wide.set(1, -10000);
      wide.setValueCount(2);
      GuestException e =
          assertThrows(
              GuestException.class,
              () -> guest.callScalarRow(function("row_wide_decimal"), List.of(wide), 2, allocator));
      assertEquals(
          "function row_wide_decimal returned an invalid result: the value at row 1, -100.00,"
              + " does not fit DECIMAL(4,2)",
          e.getMessage());
      assertEquals(1, e.row());
    }
  }

  private static void assertRejected(
      Guest guest, String name, BufferAllocator allocator, String message, List<Integer> values) {
    try (IntVector in = Vectors.ints(allocator, values.toArray(new Integer[0]))) {
      GuestException e =
          assertThrows(
              GuestException.class,
              () -> guest.callScalarRow(function(name), List.of(in), values.size(), allocator));
      assertEquals(message, e.getMessage());
      assertEquals(GuestException.Kind.INVALID_RESULT, e.kind());
    }
  }

  @Test
  void reclaimsTheGuestsScratchAfterEveryBatch(BufferAllocator allocator) {
    Guest guest = TestGuests.codec(false);
    long size = 0;
    for (int round = 0; round < 30; round++) {
      try (VarCharVector text = Vectors.strings(allocator, "x".repeat(20_000), "y".repeat(20_000));
          FieldVector out =
              guest.callScalarRow(function("row_upper"), List.of(text), 2, allocator)) {
        assertEquals("X".repeat(20_000), Vectors.values(out).get(0));
      }
      if (round == 2) {
        size = guest.memory().byteSize();
      }
    }
    // without sluice_reclaim, 30 rounds of 40 KB results would have grown the heap by 1.2 MB
    assertEquals(size, guest.memory().byteSize());
  }

  @Test
  void statisticsCountOneGuestCallPerNonNullRow(BufferAllocator allocator) {
    List<CallStatistics> stats = new ArrayList<>();
    Guest guest = TestGuests.codec(false, OutputLimits.UNLIMITED, stats::add);
    try (IntVector a = Vectors.ints(allocator, 1, null, 3);
        IntVector b = Vectors.ints(allocator, 1, 1, 1);
        FieldVector out =
            guest.callScalarRow(function("row_add_int"), List.of(a, b), 3, allocator)) {
      assertNull(out.getObject(1));
    }
    assertEquals(2, stats.get(0).guestCalls());
    assertEquals(3, stats.get(0).rowsOut());
  }

  /** Row 1 of a sample holds DECIMAL's maximum, which +0.01 overflows: replace it. */
  private static DecimalVector sub(DecimalVector dec) {
    dec.setSafe(1, new BigDecimal("-0.01"));
    return dec;
  }

  private static String asciiUpper(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 'a' && c <= 'z' ? Character.toUpperCase(c) : c);
    }
    return b.toString();
  }

  private static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }
}
