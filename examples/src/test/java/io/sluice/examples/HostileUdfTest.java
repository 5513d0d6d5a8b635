package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the hostile set on Chicory, with no sandbox but Chicory's own, to prove each module really
 * attempts what its README section says: this is the module's side of the bargain. Whether the
 * product's host then gives the right error is for udf-runtime's tests.
 */
class HostileUdfTest {
  private static final Column THREE_ROWS = Column.of("l", 1L, 2L, 3L);

  @Test
  void infiniteLoopRunsUntilInterrupted() throws Exception {
    for (String export : List.of("infinite_loop", "infinite_loop_row")) {
      try (TestHost host = TestHost.hostile("infinite_loop")) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread =
            new Thread(
                () -> {
                  try {
                    if (export.endsWith("_row")) {
                      host.row(export, 1);
                    } else {
                      host.scalar(export, "l", THREE_ROWS);
                    }
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                });
        thread.start();
        thread.join(300);
        assertTrue(thread.isAlive(), export + " should still be running");
        thread.interrupt();
        thread.join(10_000);
        assertFalse(thread.isAlive(), export + " should stop when interrupted");
        assertInstanceOf(ChicoryInterruptedException.class, thrown.get());
      }
    }
  }

  @Test
  void memoryBombStopsOnlyAtTheCap() {
    int cap = 256; // 16 MiB, the product's default
    try (TestHost host =
        new TestHost(ExampleUdfs.hostile("memory_bomb"), cap, UnaryOperator.identity())) {
      GuestException e =
          assertThrows(GuestException.class, () -> host.scalar("memory_bomb", "l", THREE_ROWS));
      String message = e.messages().get(0);
      assertTrue(message.startsWith("memory_bomb: malloc refused after "), message);
      long bytes = Long.parseLong(message.replaceAll("\\D", ""));
      assertTrue(bytes > 15L << 20, message);
      assertEquals(cap, host.memory().pages());
    }
    try (TestHost host =
        new TestHost(ExampleUdfs.hostile("memory_bomb"), cap, UnaryOperator.identity())) {
      GuestException e =
          assertThrows(GuestException.class, () -> host.scalar("memory_grow", "l", THREE_ROWS));
      assertTrue(e.messages().get(0).startsWith("memory_grow: memory.grow refused after "));
      assertEquals(cap, host.memory().pages());
    }
  }

  @Test
  void stackOverflowExhaustsBothStacks() {
    try (TestHost host = TestHost.hostile("stack_overflow")) {
      ChicoryException e =
          assertThrows(ChicoryException.class, () -> host.row("stack_overflow", 0));
      assertEquals("call stack exhausted", e.getMessage());
    }
    try (TestHost host = TestHost.hostile("stack_overflow")) {
      WasmRuntimeException e =
          assertThrows(WasmRuntimeException.class, () -> host.row("stack_overflow_shadow", 0));
      assertTrue(e.getMessage().contains("out of bounds memory access"), e.getMessage());
    }
  }

  @Test
  void trapsOnUnreachableAndDivisionByZero() {
    try (TestHost host = TestHost.hostile("trap_unreachable")) {
      assertThrows(TrapException.class, () -> host.scalar("trap_unreachable", "l", THREE_ROWS));
      assertEquals(5L, host.row("trap_unreachable_row", 5));
      assertThrows(TrapException.class, () -> host.row("trap_unreachable_row", -1));
    }
    try (TestHost host = TestHost.hostile("trap_divide_by_zero")) {
      assertEquals(3L, host.row("trap_divide_by_zero", 7, 2));
      Exception zero =
          assertThrows(WasmRuntimeException.class, () -> host.row("trap_divide_by_zero", 1, 0));
      assertTrue(zero.getMessage().contains("divide by zero"), zero.getMessage());
      Exception overflow =
          assertThrows(
              WasmRuntimeException.class,
              () -> host.row("trap_divide_by_zero", Long.MIN_VALUE, -1));
      assertTrue(overflow.getMessage().contains("overflow"), overflow.getMessage());
      assertThrows(
          WasmRuntimeException.class,
          () ->
              host.scalar(
                  "trap_divide_by_zero_batch",
                  "l",
                  Column.of("l", 4L, 5L),
                  Column.of("l", 2L, 0L)));
    }
  }

  @Test
  void openFileReachesPathOpenAndReadsWhatItIsGiven(@TempDir Path root) throws Exception {
    try (TestHost host = TestHost.hostile("open_file")) {
      GuestException e =
          assertThrows(
              GuestException.class, () -> host.scalar("open_file", "u", Column.of("i", 1)));
      assertTrue(e.messages().get(0).contains("path_open on fd 3: WASI errno 8"), e.getMessage());
    }
    // Given a filesystem, it does read it: what the default policy must never allow.
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:not really:/root:/bin/sh\n");
    try (TestHost host =
        new TestHost(ExampleUdfs.hostile("open_file"), null, w -> w.withDirectory("/", root))) {
      assertEquals(
          List.of("root:x:0:0:not really:/root:/bin/sh\n", "root:x:0:0:not really:/root:/bin/sh\n"),
          host.scalar("open_file", "u", Column.of("i", 1, 2)));
    }
  }

  @Test
  void wasiDeniedMakesEachCall() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    try (TestHost host =
        new TestHost(
            ExampleUdfs.hostile("wasi_denied"),
            null,
            w -> w.withClock(clock).withRandom(new Random(42)))) {
      assertEquals(1_700_000_000_000_000_000L, host.row("read_clock", 0));
      byte[] expected = new byte[8];
      new Random(42).nextBytes(expected);
      long value = 0;
      for (int i = 7; i >= 0; i--) {
        value = value << 8 | (expected[i] & 0xFF);
      }
      assertEquals(value, host.row("read_random", 0));
      assertEquals(7L, host.row("flood_stdout", 7));
      assertEquals(1 << 20, host.stdout().length);
      WasiExitException exit =
          assertThrows(WasiExitException.class, () -> host.row("call_exit", 0));
      assertEquals(3, exit.exitCode());
    }
  }

  @Test
  void statusErrorsFailAsDescribed() {
    try (TestHost host = TestHost.hostile("status_errors")) {
      GuestException none =
          assertThrows(
              GuestException.class, () -> host.scalar("status_without_message", "l", THREE_ROWS));
      assertEquals(2, none.status());
      assertEquals(List.of(), none.messages());
      assertEquals(
          7,
          assertThrows(GuestException.class, () -> host.scalar("status_unknown", "l", THREE_ROWS))
              .status());
      GuestException longMessage =
          assertThrows(
              GuestException.class, () -> host.scalar("long_error_message", "l", THREE_ROWS));
      assertEquals(List.of(1), longMessage.rows());
      assertTrue(longMessage.messages().get(0).startsWith("\uFFFDbcdef"));
      assertEquals(
          1,
          assertThrows(GuestException.class, () -> host.scalar("more_from_scalar", "l", THREE_ROWS))
              .status());
    }
  }

  @Test
  void badOffsetsDecreaseOrRunPastMemory() {
    try (TestHost host = TestHost.hostile("bad_offsets")) {
      Memory memory = host.memory();
      int out = host.scalarUnchecked("bad_offsets", "u", THREE_ROWS);
      int offsets = memory.readInt(memory.readInt(out + 40) + 4);
      assertEquals(3L, memory.readLong(out));
      assertEquals(24, memory.readInt(offsets));
      assertEquals(16, memory.readInt(offsets + 4));
      host.release();

      out = host.scalarUnchecked("bad_offsets_past_data", "u", THREE_ROWS);
      offsets = memory.readInt(memory.readInt(out + 40) + 4);
      assertEquals(0x7FFFFFF0, memory.readInt(offsets + 12));
      assertTrue(0x7FFFFFF0L > (long) memory.pages() << 16);
      host.release();
    }
  }

  @Test
  void outOfBoundsPointersPointPastMemory() {
    try (TestHost host = TestHost.hostile("out_of_bounds_pointer")) {
      Memory memory = host.memory();
      long size = (long) memory.pages() << 16;
      int out = host.scalarUnchecked("oob_buffers", "l", THREE_ROWS);
      assertTrue(Integer.toUnsignedLong(memory.readInt(out + 40)) >= size);
      host.release();

      out = host.scalarUnchecked("oob_values", "l", THREE_ROWS);
      int values = memory.readInt(memory.readInt(out + 40) + 4);
      assertTrue(values + 8L * 3 > size);
      host.release();

      long packed = host.row("oob_row_string", 0);
      assertTrue(Integer.toUnsignedLong((int) packed) + (packed >>> 32) > size);
    }
  }

  @Test
  void wrongLengthAndBadRowIndex() {
    try (TestHost host = TestHost.hostile("wrong_length")) {
      Memory memory = host.memory();
      int out = host.scalarUnchecked("wrong_length", "l", THREE_ROWS);
      assertEquals(4L, memory.readLong(out));
      host.release();

      int[] in = host.stageBatch(THREE_ROWS);
      int outSchema =
          host.schema(
              "+s",
              "",
              0,
              new int[] {
                host.schema("i", "row", 0, new int[0]), host.schema("l", "y", 2, new int[0])
              });
      int outArray = host.write(new byte[64]);
      assertEquals(0L, host.call("bad_row_index", in[0], in[1], outSchema, outArray)[0]);
      int rowColumn = memory.readInt(memory.readInt(outArray + 44));
      assertEquals(List.of(3, 2, 1, 0), host.readColumn(rowColumn, "i"));
      host.release();
    }
  }

  @Test
  void readsPreviousDataLeaksWithinAnInstanceOnly() {
    try (TestHost host = TestHost.hostile("reads_previous_data")) {
      assertEquals(
          Arrays.asList((Object) null),
          host.scalar("reads_previous_data", "u", Column.of("u", "secret of query A")));
      assertEquals(
          List.of("secret of query A"),
          host.scalar("reads_previous_data", "u", Column.of("u", "query B")));

      // A host block that held an earlier query's data, freed but not wiped, as a host that
      // reused the instance without resetting it would leave behind.
      byte[] staging = new byte[4096];
      byte[] secret = "LEAK:secret-of-query-A".getBytes(StandardCharsets.UTF_8);
      System.arraycopy(secret, 0, staging, 2048, secret.length);
      host.write(staging);
      host.release();
      List<Object> found = host.scalar("scan_memory", "u", Column.of("u", "LEAK:"));
      assertTrue(String.valueOf(found.get(0)).contains("secret-of-query-A"), found.toString());
    }
    try (TestHost fresh = TestHost.hostile("reads_previous_data")) {
      assertEquals(
          Arrays.asList((Object) null),
          fresh.scalar("reads_previous_data", "u", Column.of("u", "query B")));
      List<Object> found = fresh.scalar("scan_memory", "u", Column.of("u", "LEAK:"));
      assertFalse(String.valueOf(found.get(0)).contains("secret"), found.toString());
    }
  }

  @Test
  void importsOutsideTheAbiDoNotLink() {
    ChicoryException forbidden =
        assertThrows(ChicoryException.class, () -> TestHost.hostile("forbidden_import"));
    assertTrue(forbidden.getMessage().contains("env"), forbidden.getMessage());
    ChicoryException signature =
        assertThrows(ChicoryException.class, () -> TestHost.hostile("wrong_import_signature"));
    assertTrue(signature.getMessage().contains("sluice_v1.log"), signature.getMessage());
  }

  @Test
  void modulesWithoutTheV1ExportSayWhatTheySpeak() {
    Instance none = Instance.builder(Parser.parse(ExampleUdfs.hostile("no_abi_export"))).build();
    assertEquals(84L, none.export("double_it").apply(42)[0]);
    assertThrows(Exception.class, () -> none.export("sluice_abi_v1"));

    Instance v2 = Instance.builder(Parser.parse(ExampleUdfs.hostile("abi_v2_only"))).build();
    int info = (int) v2.export("sluice_abi_v2").apply()[0];
    assertEquals(2, v2.memory().readInt(info));
    assertThrows(Exception.class, () -> v2.export("sluice_abi_v1"));
    assertTrue(v2.export("sluice_alloc").apply(100, 16)[0] > 0);
  }

  @Test
  void malformedModulesDoNotParse() {
    for (String name : List.of("malformed", "truncated")) {
      byte[] bytes = ExampleUdfs.hostile(name);
      assertEquals("\0asm", new String(bytes, 0, 4, StandardCharsets.ISO_8859_1));
      assertThrows(RuntimeException.class, () -> Parser.parse(bytes), name);
    }
  }
}
