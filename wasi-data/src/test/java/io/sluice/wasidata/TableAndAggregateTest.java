package io.sluice.wasidata;

import static io.sluice.wasidata.TestGuests.function;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Table functions (with SLUICE_MORE) and aggregates (partial states across instances). */
class TableAndAggregateTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void aTableFunctionMapsRowsToZeroOrMoreRows(boolean compiled, BufferAllocator allocator) {
    Guest guest = TestGuests.codec(compiled);
    String[] text = {"the quick  fox", null, "", "  ünï ✓ ", "single"};
    try (VarCharVector in = Vectors.strings(allocator, text);
        VectorSchemaRoot out =
            guest.callTable(function("split_words"), List.of(in), text.length, allocator)) {
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < out.getRowCount(); i++) {
        rows.add(
            out.getVector("row").getObject(i)
                + ":"
                + out.getVector("word").getObject(i)
                + ":"
                + out.getVector("position").getObject(i));
      }
      assertEquals(
          List.of("0:the:1", "0:quick:2", "0:fox:3", "3:ünï:1", "3:✓:2", "4:single:1"), rows);
      assertEquals(
          List.of("row", "word", "position"),
          out.getSchema().getFields().stream().map(f -> f.getName()).toList());
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void moreRoundsAreConcatenated(boolean compiled, BufferAllocator allocator) {
    List<CallStatistics> stats = new ArrayList<>();
    Guest guest = TestGuests.codec(compiled, OutputLimits.UNLIMITED, stats::add);
    for (int chunk : new int[] {1, 3, 1000}) {
      try (IntVector n = Vectors.ints(allocator, 5, 0, null, 4, 1);
          IntVector chunks = Vectors.ints(allocator, chunk, chunk, chunk, chunk, chunk);
          VectorSchemaRoot out =
              guest.callTable(function("series"), List.of(n, chunks), 5, allocator)) {
        assertEquals(
            List.of(0, 0, 0, 0, 0, 3, 3, 3, 3, 4),
            Vectors.values(out.getVector("row")),
            "chunk " + chunk);
        assertEquals(List.of(0, 1, 2, 3, 4, 0, 1, 2, 3, 0), Vectors.values(out.getVector("i")));
        assertEquals(10, out.getRowCount());
      }
      CallStatistics last = stats.get(stats.size() - 1);
      assertEquals((10 + chunk - 1) / chunk, last.guestCalls(), "rounds for chunk " + chunk);
      assertEquals(10, last.rowsOut());
    }
  }

  @Test
  void theRowLimitCountsEveryRound(BufferAllocator allocator) {
    Guest guest = TestGuests.codec(false, new OutputLimits(7, Long.MAX_VALUE), CallMetrics.NONE);
    try (IntVector n = Vectors.ints(allocator, 5, 5);
        IntVector chunks = Vectors.ints(allocator, 3, 3)) {
      GuestException e =
          assertThrows(
              GuestException.class,
              () -> guest.callTable(function("series"), List.of(n, chunks), 2, allocator));
      assertEquals(GuestException.Kind.OUTPUT_LIMIT, e.kind());
      assertEquals(
          "function series exceeded its output limit: the output of 9 rows exceeds the limit of 7"
              + " rows",
          e.getMessage());
    }
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void aggregateStatesAreFoldedSerializedMergedAndFinished(
      boolean compiled, BufferAllocator allocator) {
    FunctionDescriptor avg = function("average");
    Guest shard1 = TestGuests.codec(compiled);
    Guest shard2 = TestGuests.codec(compiled);
    Guest coordinator = TestGuests.codec(compiled);

    // shard 1: groups a (rows 0, 2, 3) and b (row 1, NULL); shard 2: group a only, group c empty
    int[] s1 = shard1.aggregateInit(avg, 2);
    try (Float8Vector v = Vectors.doubles(allocator, 1.0, null, 2.0, 6.0)) {
      shard1.aggregateUpdate(avg, new int[] {s1[0], s1[1], s1[0], s1[0]}, List.of(v), 4);
    }
    int[] s2 = shard2.aggregateInit(avg, 2);
    try (Float8Vector v = Vectors.doubles(allocator, 11.0, 4.0)) {
      shard2.aggregateUpdate(avg, new int[] {s2[0], s2[0]}, List.of(v), 2);
    }
    try (Float8Vector empty = Vectors.doubles(allocator)) {
      shard2.aggregateUpdate(avg, new int[0], List.of(empty), 0);
    }

    try (VarBinaryVector bytes1 = shard1.aggregateSerialize(avg, s1, allocator);
        VarBinaryVector bytes2 = shard2.aggregateSerialize(avg, s2, allocator)) {
      assertEquals(16, bytes1.get(0).length, "the state is plain data: double sum, int64 count");
      shard1.aggregateDestroy(avg, s1);
      shard2.aggregateDestroy(avg, s2);
      int[] merged = coordinator.aggregateDeserialize(avg, bytes1);
      int[] other = coordinator.aggregateDeserialize(avg, bytes2);
      coordinator.aggregateMerge(avg, merged, other);
      try (FieldVector result = coordinator.aggregateFinish(avg, merged, allocator)) {
        assertEquals(Arrays.asList(24.0 / 5, null), Vectors.values(result));
        assertEquals(SqlType.DOUBLE.arrowType(), result.getField().getType());
      }
      coordinator.aggregateDestroy(avg, merged);
      coordinator.aggregateDestroy(avg, other);
    }
  }

  @Test
  void aZeroStateHandleIsRejected() {
    Guest guest = TestGuests.codec(false);
    FunctionDescriptor zero =
        FunctionDescriptor.builder(FunctionDescriptor.Kind.AGGREGATE, "zero_states")
            .argument("v", SqlType.INT)
            .returns(SqlType.INT)
            .build();
    GuestException e = assertThrows(GuestException.class, () -> guest.aggregateInit(zero, 3));
    assertEquals(
        "function zero_states returned an invalid result: states_out[1] is 0; state handles are"
            + " non-zero",
        e.getMessage());
    assertEquals(GuestException.Kind.INVALID_RESULT, e.kind());
  }

  @Test
  void aggregateInputsMustMatch(BufferAllocator allocator) {
    Guest guest = TestGuests.codec(false);
    FunctionDescriptor avg = function("average");
    try (Float8Vector v = Vectors.doubles(allocator, 1.0)) {
      assertThrows(
          IllegalArgumentException.class,
          () -> guest.aggregateUpdate(avg, new int[] {1, 2}, List.of(v), 1));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> guest.aggregateMerge(avg, new int[] {8}, new int[] {8, 16}));
    assertThrows(
        IllegalArgumentException.class, () -> guest.aggregateInit(function("echo_int"), 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            guest.aggregateInit(
                FunctionDescriptor.builder(FunctionDescriptor.Kind.AGGREGATE, "missing")
                    .returns(SqlType.INT)
                    .build(),
                1));
    assertTrue(!guest.isBroken());
    assertNull(guest.imports().errorMessage());
  }
}
