package io.sluice.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.ValType;
import io.sluice.examples.ExampleUdfs;
import io.sluice.testkit.ArrowAllocatorExtension;
import io.sluice.wasidata.SqlType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every module of the hostile set that loads fails at run time with the right category and a clear
 * message naming the function; its instance is discarded, and the runtime (and the function itself)
 * keeps serving. (open_file does not load: it imports path_open, which {@link LoadingTest} shows is
 * refused at load.)
 */
class HostileCallsTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.000006Z");

  private final UdfRuntime runtime =
      UdfRuntime.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).random(new Random(1)).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  private UdfFunction hostile(String module, String function) {
    return runtime.load(ExampleUdfs.hostile(module)).function(function);
  }

  private UdfFunction hostile(String module, String function, UdfLimits limits) {
    return runtime.load(ExampleUdfs.hostile(module)).function(function, limits);
  }

  /** Calls a function of BIGINT arguments on {@code rows} rows of 1, 2, 3...; returns the error. */
  private UdfException fails(UdfFunction f, int rows, BufferAllocator allocator) {
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      values.add(i + 1L);
    }
    return fails(f, values, allocator);
  }

  /** Calls a function of BIGINT arguments, each given these values; returns the error. */
  private UdfException fails(UdfFunction f, List<Long> values, BufferAllocator allocator) {
    int rows = values.size();
    List<FieldVector> args = new ArrayList<>();
    try {
      for (int a = 0; a < f.descriptor().arguments().size(); a++) {
        args.add(Columns.of(allocator, SqlType.BIGINT, values));
      }
      UdfException e =
          assertThrows(
              UdfException.class,
              () -> {
                if (f.descriptor().kind() == io.sluice.wasidata.FunctionDescriptor.Kind.TABLE) {
                  f.table(new VectorSchemaRoot(args), allocator).close();
                } else {
                  f.scalar(args, rows, allocator).close();
                }
              });
      assertEquals(f.name(), e.function().orElseThrow());
      assertTrue(e.getMessage().contains("[module " + f.module().sha256().substring(0, 12) + "]"));
      return e;
    } finally {
      try {
        AutoCloseables.close(args);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** After a failure: the instance was thrown away and a normal call on this runtime works. */
  private void discardedAndStillServing(UdfFunction f, BufferAllocator allocator) {
    UdfStats stats = f.stats();
    assertTrue(stats.errors() >= 1, stats.toString());
    assertTrue(stats.instancesDiscarded() >= 1, "the failed instance was pooled: " + stats);
    LoadingTest.stillServes(runtime, allocator);
    assertFalse(Thread.currentThread().isInterrupted(), "an interrupt leaked to the caller");
  }

  private static void assertStartsWith(String prefix, String message) {
    assertTrue(
        message.startsWith(prefix), () -> "expected <" + prefix + "...> but was <" + message + ">");
  }

  @Test
  void anInfiniteLoopIsStoppedAtItsDeadline(BufferAllocator allocator) {
    UdfLimits limits = UdfLimits.builder().callTimeout(Duration.ofMillis(200)).build();
    for (String name : List.of("infinite_loop", "infinite_loop_row")) {
      UdfFunction f = hostile("infinite_loop", name, limits);
      long start = System.nanoTime();
      UdfException e = fails(f, 3, allocator);
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(UdfException.Category.RESOURCE_EXHAUSTED, e.category());
      assertStartsWith(
          "function " + name + " exceeded its 200ms time limit in batch 0", e.getMessage());
      // A loose safety bound, not a timing test: JMH measures how soon it really stops.
      assertTrue(elapsedMillis < 1200, "stopped after " + elapsedMillis + " ms");
      assertEquals(1, f.stats().timeouts());
      discardedAndStillServing(f, allocator);
    }
  }

  @Test
  void aMemoryBombHitsTheCapNotTheJvm(BufferAllocator allocator) {
    UdfLimits fourMiB = UdfLimits.builder().memoryBytes(4L << 20).build();
    UdfFunction bomb = hostile("memory_bomb", "memory_bomb", fourMiB);
    UdfException e = fails(bomb, 1, allocator);
    assertEquals(UdfException.Category.RESOURCE_EXHAUSTED, e.category());
    assertStartsWith(
        "function memory_bomb exceeded its memory limit of 4 MiB in batch 0: memory_bomb: malloc"
            + " refused after",
        e.getMessage());
    assertEquals(4L << 20, bomb.stats().memoryHighWaterBytes());
    discardedAndStillServing(bomb, allocator);

    UdfFunction grow = hostile("memory_bomb", "memory_grow");
    UdfException g = fails(grow, 1, allocator);
    assertEquals(UdfException.Category.RESOURCE_EXHAUSTED, g.category());
    assertStartsWith(
        "function memory_grow exceeded its memory limit of 16 MiB in batch 0", g.getMessage());
    assertEquals(16L << 20, grow.stats().memoryHighWaterBytes());
    discardedAndStillServing(grow, allocator);
  }

  /** A row function of x INT whose body is {@code code}; 4 MiB is 64 pages. */
  private UdfFunction atTheCap(AbiModule module, String name, WasmBuilder.Code code) {
    module.function(name, AbiModule.I32_I32, List.of(), code);
    module.describe("SCALAR " + name + "(x INT) RETURNS INT ABI ROW");
    return runtime
        .load(module.build())
        .function(name, UdfLimits.builder().memoryBytes(4L << 20).build());
  }

  private static UdfException failsOnZero(UdfFunction f, BufferAllocator allocator) {
    try (FieldVector x = Columns.of(allocator, SqlType.INT, 0)) {
      return assertThrows(UdfException.class, () -> f.scalar(List.of(x), 1, allocator).close());
    }
  }

  @Test
  void failuresUnrelatedToMemoryAreNotReportedAsTheMemoryLimitWhenMemoryIsFull(
      BufferAllocator allocator) {
    // Grows memory to the 64-page cap, then divides by x = 0.
    UdfException divide =
        failsOnZero(
            atTheCap(
                new AbiModule(),
                "divide_when_full",
                new WasmBuilder.Code().i32(62).memoryGrow().drop().i32(1).localGet(0).i32DivS()),
            allocator);
    assertEquals(UdfException.Category.USER_ERROR, divide.category());
    assertStartsWith("function divide_when_full trapped on row 0: ", divide.getMessage());
    assertTrue(divide.getMessage().contains("divide by zero"), divide.getMessage());

    // Starts with all 64 pages and reports bad input: what it said, not the memory limit.
    AbiModule full = new AbiModule(64);
    int error =
        full.importFunction(
            "sluice_v1",
            "error",
            WasmBuilder.type(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()));
    byte[] text = "invalid UTF-8 in x".getBytes(StandardCharsets.UTF_8);
    full.data(4096, text);
    UdfException complaint =
        failsOnZero(
            atTheCap(
                full,
                "complain_when_full",
                new WasmBuilder.Code().i32(4096).i32(text.length).i32(-1).call(error).i32(0)),
            allocator);
    assertEquals(UdfException.Category.USER_ERROR, complaint.category());
    assertTrue(complaint.getMessage().contains("invalid UTF-8 in x"), complaint.getMessage());
    assertFalse(complaint.getMessage().contains("memory limit"), complaint.getMessage());

    // Growing to the cap and then aborting is the guest's own trap: no grow was refused.
    UdfException trap =
        failsOnZero(
            atTheCap(
                new AbiModule(),
                "trap_when_full",
                new WasmBuilder.Code().i32(62).memoryGrow().drop().unreachable()),
            allocator);
    assertEquals(UdfException.Category.USER_ERROR, trap.category());
    assertStartsWith("function trap_when_full trapped on row 0: ", trap.getMessage());

    // An abort (unreachable) after memory refused to grow is what a failed malloc looks like.
    UdfException abort =
        failsOnZero(
            atTheCap(
                new AbiModule(),
                "abort_when_full",
                new WasmBuilder.Code()
                    .i32(62)
                    .memoryGrow()
                    .drop()
                    .i32(1)
                    .memoryGrow()
                    .drop()
                    .unreachable()),
            allocator);
    assertEquals(UdfException.Category.RESOURCE_EXHAUSTED, abort.category());
    assertStartsWith(
        "function abort_when_full exceeded its memory limit of 4 MiB", abort.getMessage());
  }

  @Test
  void stackOverflowsTrapAndTheThreadGoesOn(BufferAllocator allocator) {
    UdfFunction deep = hostile("stack_overflow", "stack_overflow");
    UdfException e = fails(deep, 1, allocator);
    assertEquals(UdfException.Category.USER_ERROR, e.category());
    assertStartsWith(
        "function stack_overflow trapped on row 0: call stack exhausted", e.getMessage());
    assertEquals(1, deep.stats().traps());
    discardedAndStillServing(deep, allocator);

    UdfFunction shadow = hostile("stack_overflow", "stack_overflow_shadow");
    UdfException s = fails(shadow, 1, allocator);
    assertEquals(UdfException.Category.USER_ERROR, s.category());
    assertTrue(s.getMessage().contains("out of bounds memory access"), s.getMessage());
    discardedAndStillServing(shadow, allocator);
  }

  @Test
  void trapsNameTheFunctionAndOnTheRowAbiTheRow(BufferAllocator allocator) {
    UdfException batch = fails(hostile("trap_unreachable", "trap_unreachable"), 4, allocator);
    assertEquals(UdfException.Category.USER_ERROR, batch.category());
    assertStartsWith("function trap_unreachable trapped: ", batch.getMessage());
    assertTrue(batch.getMessage().contains("(batch 0)"), batch.getMessage());

    UdfFunction row = hostile("trap_unreachable", "trap_unreachable_row");
    UdfException r = fails(row, List.of(1L, 2L, -3L, 4L), allocator);
    assertStartsWith("function trap_unreachable_row trapped on row 2: ", r.getMessage());
    assertEquals(2, r.row().getAsLong());

    UdfFunction divide = hostile("trap_divide_by_zero", "trap_divide_by_zero");
    try (FieldVector a = Columns.of(allocator, SqlType.BIGINT, 7L, 8L);
        FieldVector b = Columns.of(allocator, SqlType.BIGINT, 1L, 0L)) {
      UdfException e =
          assertThrows(UdfException.class, () -> divide.scalar(List.of(a, b), 2, allocator));
      assertStartsWith("function trap_divide_by_zero trapped on row 1: ", e.getMessage());
      assertTrue(e.getMessage().contains("divide by zero"), e.getMessage());
    }
    // A deterministic failure fails again the same way: the function keeps working.
    assertEquals(r.getMessage(), fails(row, List.of(1L, 2L, -3L, 4L), allocator).getMessage());
    discardedAndStillServing(row, allocator);
  }

  @Test
  void clockAndRandomAreDeniedUnlessGrantedThenInjected(BufferAllocator allocator) {
    assertStartsWith(
        "function read_clock trapped on row 0: WASI clock_time_get denied",
        fails(hostile("wasi_denied", "read_clock"), 1, allocator).getMessage());
    assertStartsWith(
        "function read_random trapped on row 0: WASI random_get denied",
        fails(hostile("wasi_denied", "read_random"), 1, allocator).getMessage());

    UdfLimits granted = UdfLimits.builder().grant(WasiGrant.CLOCK).grant(WasiGrant.RANDOM).build();
    try (FieldVector x = Columns.of(allocator, SqlType.BIGINT, 1L);
        FieldVector clock =
            hostile("wasi_denied", "read_clock", granted).scalar(List.of(x), 1, allocator);
        FieldVector random =
            hostile("wasi_denied", "read_random", granted).scalar(List.of(x), 1, allocator)) {
      assertEquals(
          List.of(NOW.getEpochSecond() * 1_000_000_000L + NOW.getNano()), Columns.values(clock));
      assertEquals(1, random.getValueCount());
      assertFalse(random.isNull(0));
    }
  }

  @Test
  void procExitFailsTheCallNamingTheCode(BufferAllocator allocator) {
    UdfFunction exit = hostile("wasi_denied", "call_exit");
    UdfException e = fails(exit, 1, allocator);
    assertEquals(UdfException.Category.USER_ERROR, e.category());
    assertStartsWith("function call_exit called proc_exit(3) on row 0", e.getMessage());
    discardedAndStillServing(exit, allocator);
  }

  @Test
  void aStdoutFloodIsCapturedNeverPrinted(BufferAllocator allocator) {
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try (FieldVector x = Columns.of(allocator, SqlType.BIGINT, 5L);
        FieldVector out = hostile("wasi_denied", "flood_stdout").scalar(List.of(x), 1, allocator)) {
      assertEquals(List.of(5L), Columns.values(out));
    } finally {
      System.setOut(original);
    }
    assertEquals(0, printed.size(), "the guest's stdout reached the host's");
  }

  @Test
  void whatTheGuestPrintedIsAttachedToItsErrorAndBounded(BufferAllocator allocator) {
    AbiModule module = new AbiModule();
    int fdWrite =
        module.importFunction(
            "wasi_snapshot_preview1",
            "fd_write",
            WasmBuilder.type(
                List.of(
                    com.dylibso.chicory.wasm.types.ValType.I32,
                    com.dylibso.chicory.wasm.types.ValType.I32,
                    com.dylibso.chicory.wasm.types.ValType.I32,
                    com.dylibso.chicory.wasm.types.ValType.I32),
                List.of(com.dylibso.chicory.wasm.types.ValType.I32)));
    byte[] text = ("z".repeat(3000) + "the last words\n").getBytes(StandardCharsets.UTF_8);
    module.data(4096, text);
    // iovec {4096, text.length} at 2048
    module.data(
        2048, new byte[] {0, 16, 0, 0, (byte) text.length, (byte) (text.length >> 8), 0, 0});
    module.function(
        "chatty",
        AbiModule.I32_I32,
        List.of(),
        new WasmBuilder.Code()
            .i32(2)
            .i32(2048)
            .i32(1)
            .i32(2100)
            .call(fdWrite)
            .drop()
            .unreachable());
    module.describe("SCALAR chatty(x INT) RETURNS INT ABI ROW");
    UdfFunction chatty =
        runtime.load(module.build()).function("chatty", UdfLimits.builder().logBytes(1024).build());
    try (FieldVector x = Columns.of(allocator, SqlType.INT, 1)) {
      UdfException e =
          assertThrows(UdfException.class, () -> chatty.scalar(List.of(x), 1, allocator));
      assertTrue(e.guestLog().endsWith("the last words\n"), e.guestLog());
      assertTrue(e.guestLog().length() <= 1024, "log of " + e.guestLog().length());
      assertTrue(e.getMessage().contains("guest log (last "), e.getMessage());
      assertTrue(e.getMessage().endsWith("the last words\n"), e.getMessage());
    }
  }

  @Test
  void failingStatusesFollowTheAbi(BufferAllocator allocator) {
    assertStartsWith(
        "function status_without_message returned status 2 without an error message",
        fails(hostile("status_errors", "status_without_message"), 1, allocator).getMessage());
    assertStartsWith(
        "function status_unknown returned status 7 without an error message",
        fails(hostile("status_errors", "status_unknown"), 1, allocator).getMessage());
    UdfException longMessage = fails(hostile("status_errors", "long_error_message"), 3, allocator);
    assertStartsWith("function long_error_message failed on row 1: ", longMessage.getMessage());
    assertEquals(1, longMessage.row().getAsLong());
    assertTrue(longMessage.getMessage().contains("\uFFFD"), "invalid UTF-8 is replaced");
    assertTrue(longMessage.getMessage().length() < 4096 + 200, "the message is cut");
    assertTrue(
        fails(hostile("status_errors", "more_from_scalar"), 1, allocator)
            .getMessage()
            .contains("SLUICE_MORE"));
  }

  @Test
  void invalidResultsAreRefusedNamingWhatIsWrong(BufferAllocator allocator) {
    UdfException offsets = fails(hostile("bad_offsets", "bad_offsets"), 3, allocator);
    assertEquals(UdfException.Category.USER_ERROR, offsets.category());
    assertStartsWith(
        "function bad_offsets returned an invalid result: offsets[1] = ", offsets.getMessage());
    assertStartsWith(
        "function bad_offsets_past_data returned an invalid result: ",
        fails(hostile("bad_offsets", "bad_offsets_past_data"), 3, allocator).getMessage());
    for (String name : List.of("oob_buffers", "oob_values", "oob_row_string")) {
      UdfException e = fails(hostile("out_of_bounds_pointer", name), 2, allocator);
      assertTrue(e.getMessage().contains("returned an invalid result"), e.getMessage());
    }
    assertStartsWith(
        "function wrong_length returned an invalid result: ",
        fails(hostile("wrong_length", "wrong_length"), 3, allocator).getMessage());
    UdfFunction badRows = hostile("wrong_length", "bad_row_index");
    assertStartsWith(
        "function bad_row_index returned an invalid result: ",
        fails(badRows, 3, allocator).getMessage());
    discardedAndStillServing(badRows, allocator);
  }

  @Test
  void anOutputOverItsCapIsStopped(BufferAllocator allocator) {
    UdfLimits fewRows = UdfLimits.builder().maxOutputRows(10).build();
    UdfFunction split = runtime.load(ExampleUdfs.module("split")).function("split_words", fewRows);
    try (FieldVector text = Columns.of(allocator, SqlType.VARCHAR, "a b c d e f g h i j k l m")) {
      UdfException e =
          assertThrows(
              UdfException.class,
              () -> split.table(new VectorSchemaRoot(List.of(text)), allocator).close());
      assertEquals(UdfException.Category.RESOURCE_EXHAUSTED, e.category());
      assertStartsWith("function split_words exceeded its output limit", e.getMessage());
    }
    UdfLimits fewBytes = UdfLimits.builder().maxOutputBytes(64).build();
    UdfFunction echo = runtime.load(ExampleUdfs.module("types")).function("echo_varchar", fewBytes);
    try (FieldVector text = Columns.of(allocator, SqlType.VARCHAR, "x".repeat(200))) {
      UdfException e =
          assertThrows(UdfException.class, () -> echo.scalar(List.of(text), 1, allocator));
      assertEquals(UdfException.Category.RESOURCE_EXHAUSTED, e.category());
      assertTrue(e.getMessage().contains("output limit"), e.getMessage());
    }
  }
}
