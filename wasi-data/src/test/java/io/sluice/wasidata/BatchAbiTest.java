package io.sluice.wasidata;

import static io.sluice.wasidata.TestGuests.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batch ABI through a real guest (codec_guest.c), interpreted and compiled: every type across
 * the boundary and back, NULLs, empty batches, extremes, strict masking, errors and staging.
 */
class BatchAbiTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private static final String[] ECHOES = {
    "echo_boolean", "echo_tinyint", "echo_smallint", "echo_int", "echo_bigint", "echo_float",
    "echo_double", "echo_decimal", "echo_decimal9", "echo_varchar", "echo_varbinary", "echo_date",
    "echo_time", "echo_timestamp", "echo_timestamp_tz"
  };

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void everyTypeCrossesTheBoundaryAndComesBackEqual(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    for (String name : ECHOES) {
      FunctionDescriptor f = function(name);
      for (int rows : new int[] {0, 1, 4, 9, 70, 1000}) {
        try (FieldVector in = Vectors.sample(f.argumentTypes().get(0), allocator, rows, rows);
            FieldVector out = guest.callScalar(f, List.of(in), rows, allocator)) {
          Vectors.assertSameValues(in, out);
          assertEquals(f.name(), out.getField().getName());
        }
      }
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void stringsWhoseOffsetsDoNotStartAtZeroAreRebased(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    List<String> values = Arrays.asList("first", null, "", "ünïcödé", "last");
    try (VarCharVector in = Vectors.varcharWithLeadingBytes(allocator, values, 7);
        FieldVector out = guest.callScalar(function("echo_varchar"), List.of(in), 5, allocator)) {
      assertEquals(values, Vectors.values(out));
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void twoColumnsAndTheFunctionDecidingAboutNulls(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    try (IntVector a = Vectors.ints(allocator, 1, null, Integer.MAX_VALUE, 4);
        IntVector b = Vectors.ints(allocator, 10, 20, 1, null);
        FieldVector sum = guest.callScalar(function("add_int"), List.of(a, b), 4, allocator)) {
      assertEquals(Arrays.asList(11, null, Integer.MIN_VALUE, null), Vectors.values(sum));
    }
  }

  /**
   * The SDK's bulk path (sluice_append_values, sluice_copy_nulls, sluice_set_null) alone and after
   * per-value appends, with the switch at bitmap byte boundaries and between them, NULL runs of
   * every length, and batches ending on partial bytes.
   */
  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void theSdkBulkPathMatchesPerValueAppends(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    Random random = new Random(5);
    for (int rows : new int[] {0, 1, 7, 8, 9, 64, 1000, 4099}) {
      for (int head : new int[] {0, 1, 3, 8, 13}) {
        BigIntVector x = new BigIntVector("x", allocator);
        BigIntVector heads = new BigIntVector("head", allocator);
        List<Object> expected = new ArrayList<>();
        try (x;
            heads) {
          x.allocateNew(rows);
          heads.allocateNew(rows);
          int nullRun = 0;
          for (int i = 0; i < rows; i++) {
            heads.set(i, head);
            if (nullRun == 0 && random.nextInt(20) == 0) {
              nullRun = 1 + random.nextInt(17);
            }
            if (nullRun > 0) {
              nullRun--;
              x.setNull(i);
              expected.add(null);
            } else {
              long v = random.nextLong();
              x.set(i, v);
              expected.add(v + 1);
            }
          }
          x.setValueCount(rows);
          heads.setValueCount(rows);
          try (FieldVector out =
              guest.callScalar(function("bulk_add_one"), List.of(x, heads), rows, allocator)) {
            assertEquals(expected, Vectors.values(out), rows + " rows, head " + head);
            assertEquals(
                expected.stream().filter(v -> v == null).count(),
                out.getNullCount(),
                rows + " rows, head " + head);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void strictFunctionsGetNullForEveryRowWithANullArgument(
      boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    FunctionDescriptor f = function("strict_length");
    assertEquals(FunctionDescriptor.Nulls.STRICT, f.nulls());
    int rows = 21; // more than two bytes of bitmap, and a partial last byte
    String[] text = new String[rows];
    byte[][] blobs = new byte[rows][];
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      text[i] = i % 3 == 0 ? null : "x".repeat(i);
      blobs[i] = i % 4 == 1 ? null : new byte[2];
      expected.add(text[i] == null || blobs[i] == null ? null : i + 2);
    }
    try (VarCharVector a = Vectors.strings(allocator, text);
        VarBinaryVector b = Vectors.binaries(allocator, blobs);
        FieldVector out = guest.callScalar(f, List.of(a, b), rows, allocator)) {
      assertEquals(expected, Vectors.values(out));
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void aGuestErrorNamesTheFunctionTheRowAndCarriesTheLog(
      boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    try (IntVector in = Vectors.ints(allocator, 1, null, 13, 13)) {
      GuestException e =
          assertThrows(
              GuestException.class,
              () -> guest.callScalar(function("fail_on_13"), List.of(in), 4, allocator));
      assertEquals("function fail_on_13 failed on row 2: unlucky number 13", e.getMessage());
      assertEquals(GuestException.Kind.GUEST_ERROR, e.kind());
      assertEquals("fail_on_13", e.function());
      assertEquals(2, e.row());
      assertTrue(e.logTail().endsWith("looking at row 2"), e.logTail());
      assertFalse(guest.isBroken(), "an error is not a trap: the instance stays usable");
    }
    try (IntVector in = Vectors.ints(allocator, 1, 2);
        FieldVector out = guest.callScalar(function("fail_on_13"), List.of(in), 2, allocator)) {
      assertEquals(List.of(0, 0), Vectors.values(out));
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void bigBatchesGrowTheStagingBlockAndSmallOnesReuseIt(
      boolean compiled, BufferAllocator allocator) {
    List<CallStatistics> stats = new ArrayList<>();
    Guest guest = TestGuests.codec(compiled, OutputLimits.UNLIMITED, stats::add);
    FunctionDescriptor echo = function("echo_varchar");
    for (int rows : new int[] {10, 50_000, 3, 120_000, 5}) {
      try (FieldVector in = Vectors.sample(SqlType.VARCHAR, allocator, rows, rows);
          FieldVector out = guest.callScalar(echo, List.of(in), rows, allocator)) {
        Vectors.assertSameValues(in, out);
      }
    }
    assertTrue(guest.memory().byteSize() > 2 * 65536, "memory grew for the big batches");
    CallStatistics big = stats.get(3);
    assertEquals("echo_varchar", big.function());
    assertEquals("echo_varchar", big.export());
    assertEquals(120_000, big.rowsIn());
    assertEquals(120_000, big.rowsOut());
    assertTrue(big.bytesIn() > 120_000 * 4, "offsets alone are 4 bytes a row: " + big.bytesIn());
    assertTrue(big.bytesOut() > 120_000 * 4, String.valueOf(big.bytesOut()));
    assertEquals(1, big.guestCalls());
    assertTrue(big.copyInNanos() > 0 && big.guestNanos() > 0 && big.copyOutNanos() > 0);
    assertFalse(big.failed());
  }

  @Test
  void anEmptyBatchStillCallsTheGuest(BufferAllocator allocator) {
    List<CallStatistics> stats = new ArrayList<>();
    Guest guest = TestGuests.codec(false, OutputLimits.UNLIMITED, stats::add);
    try (IntVector in = Vectors.ints(allocator);
        FieldVector out = guest.callScalar(function("echo_int"), List.of(in), 0, allocator)) {
      assertEquals(0, out.getValueCount());
    }
    assertEquals(1, stats.get(0).guestCalls());
  }

  @Test
  void theOutputByteLimitStopsACallAndLeaksNothing(BufferAllocator allocator) {
    List<CallStatistics> stats = new ArrayList<>();
    Guest guest = TestGuests.codec(false, new OutputLimits(1_000_000, 100), stats::add);
    try (VarCharVector in = Vectors.strings(allocator, "x".repeat(200))) {
      GuestException e =
          assertThrows(
              GuestException.class,
              () -> guest.callScalar(function("echo_varchar"), List.of(in), 1, allocator));
      assertEquals(GuestException.Kind.OUTPUT_LIMIT, e.kind());
      assertEquals(
          "function echo_varchar exceeded its output limit: the output of at least 209 bytes"
              + " exceeds the limit of 100 bytes",
          e.getMessage());
    }
    assertTrue(stats.get(0).failed());
  }

  @Test
  void theHostsOwnMistakesAreNotBlamedOnTheGuest(BufferAllocator allocator) {
    Guest guest = TestGuests.codec(false);
    try (IntVector ints = Vectors.ints(allocator, 1, 2)) {
      assertThrows(
          IllegalArgumentException.class,
          () -> guest.callScalar(function("echo_varchar"), List.of(ints), 2, allocator));
      assertThrows(
          IllegalArgumentException.class,
          () -> guest.callScalar(function("echo_int"), List.of(ints), 3, allocator));
      assertThrows(
          IllegalArgumentException.class,
          () -> guest.callScalarRow(function("echo_int"), List.of(ints), 2, allocator));
      assertThrows(
          IllegalArgumentException.class,
          () -> guest.callScalar(function("echo_int"), List.of(ints, ints), 2, allocator));
    }
  }

  /** memmove in C is memory.copy in wasm: overlapping copies through GuestMemory, both machines. */
  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void memmoveInTheGuestHandlesOverlaps(boolean compiled) {
    Guest guest = TestGuests.codec(compiled);
    GuestMemory memory = guest.memory();
    memory.grow(3);
    int base = 2 * 65536 - 1000; // the copies straddle page boundaries
    byte[] model = GuestMemoryTest.randomBytes(140_000, 42);
    memory.write(base, model);
    Random random = new Random(8);
    for (int round = 0; round < 100; round++) {
      int size = random.nextInt(round % 7 == 0 ? 70_000 : 500);
      int src = random.nextInt(model.length - size);
      int dest =
          Math.max(0, Math.min(model.length - size, src + random.nextInt(2 * size + 1) - size));
      guest.instance().export("guest_memmove").apply(base + dest, base + src, size);
      System.arraycopy(model, src, model, dest, size);
    }
    assertArrayEquals(model, memory.readBytes(base, model.length));
  }

  /** Resetting an instance to its image after attach, the way the runtime pools instances. */
  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void aGuestServesAgainAfterItsMemoryIsRestored(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    GuestMemory.Snapshot image = guest.memory().snapshot();
    for (int round = 0; round < 3; round++) {
      try (FieldVector in = Vectors.sample(SqlType.VARCHAR, allocator, 20_000, round);
          FieldVector out =
              guest.callScalar(function("echo_varchar"), List.of(in), 20_000, allocator)) {
        Vectors.assertSameValues(in, out);
      }
      guest.memory().restore(image);
      guest.afterReset();
      assertEquals(image.byteSize(), guest.memory().byteSize());
    }
  }
}
