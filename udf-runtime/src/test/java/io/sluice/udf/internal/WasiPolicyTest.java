package io.sluice.udf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.sluice.udf.AbiModule;
import io.sluice.udf.WasiGrant;
import io.sluice.udf.WasmBuilder;
import io.sluice.wasidata.GuestLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WasiPolicyTest {

  private static final FunctionType RETURNS_I32 = WasmBuilder.type(List.of(), List.of(ValType.I32));
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2024-05-06T07:08:09.123456Z"), ZoneOffset.UTC);

  private final GuestLog log = new GuestLog(1024);

  /** A module whose exports each make one WASI call and return its errno. */
  private static WasmModule module() {
    AbiModule m = new AbiModule();
    int fdWrite = m.importFunction("wasi_snapshot_preview1", "fd_write", sig("IIII", "I"));
    int pathOpen = m.importFunction("wasi_snapshot_preview1", "path_open", sig("IIIIILLII", "I"));
    int clock = m.importFunction("wasi_snapshot_preview1", "clock_time_get", sig("ILI", "I"));
    int random = m.importFunction("wasi_snapshot_preview1", "random_get", sig("II", "I"));
    int exit = m.importFunction("wasi_snapshot_preview1", "proc_exit", sig("I", ""));
    int prestat = m.importFunction("wasi_snapshot_preview1", "fd_prestat_get", sig("II", "I"));
    int environ = m.importFunction("wasi_snapshot_preview1", "environ_sizes_get", sig("II", "I"));
    int fdstat = m.importFunction("wasi_snapshot_preview1", "fd_fdstat_get", sig("II", "I"));
    int sock = m.importFunction("wasi_snapshot_preview1", "sock_accept", sig("III", "I"));
    // iovec {3000, 5} at 2048; "hello" at 3000.
    m.data(2048, new byte[] {(byte) 0xB8, 0x0B, 0, 0, 5, 0, 0, 0});
    m.data(3000, "hello".getBytes(StandardCharsets.UTF_8));
    m.function("hello", RETURNS_I32, List.of(), call(fdWrite, 1, 2048, 1, 2100));
    m.function("write_fd3", RETURNS_I32, List.of(), call(fdWrite, 3, 2048, 1, 2100));
    m.function(
        "bad_iovec",
        RETURNS_I32,
        List.of(),
        new WasmBuilder.Code()
            .i32(2048)
            .i32(1 << 30)
            .i32Store(4)
            .i32(1)
            .i32(2048)
            .i32(1)
            .i32(2100)
            .call(fdWrite));
    m.function(
        "open",
        RETURNS_I32,
        List.of(),
        new WasmBuilder.Code()
            .i32(3)
            .i32(0)
            .i32(0)
            .i32(0)
            .i32(0)
            .i64(0)
            .i64(0)
            .i32(0)
            .i32(0)
            .call(pathOpen));
    m.function(
        "clock",
        RETURNS_I32,
        List.of(),
        new WasmBuilder.Code().i32(0).i64(0).i32(2200).call(clock));
    m.function("random", RETURNS_I32, List.of(), call(random, 2300, 16));
    m.function("exit", RETURNS_I32, List.of(), new WasmBuilder.Code().i32(3).call(exit).i32(0));
    m.function("prestat", RETURNS_I32, List.of(), call(prestat, 3, 2400));
    m.function("environ", RETURNS_I32, List.of(), call(environ, 2500, 2504));
    m.function("fdstat", RETURNS_I32, List.of(), call(fdstat, 1, 2600));
    m.function("sock", RETURNS_I32, List.of(), call(sock, 3, 0, 2700));
    return Parser.parse(m.build());
  }

  private static FunctionType sig(String params, String results) {
    return WasmBuilder.type(values(params), values(results));
  }

  private static List<ValType> values(String letters) {
    return letters.chars().mapToObj(c -> c == 'I' ? ValType.I32 : ValType.I64).toList();
  }

  private static WasmBuilder.Code call(int function, int... args) {
    WasmBuilder.Code code = new WasmBuilder.Code();
    for (int arg : args) {
      code.i32(arg);
    }
    return code.call(function);
  }

  private Instance instance(Set<WasiGrant> grants) {
    WasmModule module = module();
    WasiPolicy policy = new WasiPolicy(grants, FIXED, new Random(42), log);
    return Instance.builder(module)
        .withImportValues(
            ImportValues.builder().withFunctions(List.copyOf(policy.hostFunctions(module))).build())
        .build();
  }

  private static long run(Instance instance, String export) {
    return instance.export(export).apply()[0];
  }

  @Test
  void stdoutGoesToTheLog() {
    Instance instance = instance(Set.of());
    assertEquals(0, run(instance, "hello"));
    assertEquals(5, instance.memory().readInt(2100));
    assertEquals("hello", log.tail(1024));
  }

  @Test
  void otherFdsAreBadAndThereAreNoPreopens() {
    Instance instance = instance(Set.of());
    assertEquals(8, run(instance, "write_fd3"));
    assertEquals(8, run(instance, "prestat"));
    assertEquals(0, log.bytesWritten());
  }

  @Test
  void stdoutLooksLikeATerminalSoStdioFlushesAtNewlines() {
    Instance instance = instance(Set.of());
    assertEquals(0, run(instance, "fdstat"));
    assertEquals(2, instance.memory().read(2600));
  }

  @Test
  void theEnvironmentIsEmpty() {
    Instance instance = instance(Set.of());
    instance.memory().writeI32(2500, 77);
    assertEquals(0, run(instance, "environ"));
    assertEquals(0, instance.memory().readInt(2500));
    assertEquals(0, instance.memory().readInt(2504));
  }

  @Test
  void pathAndSocketCallsTrapNamingTheCall() {
    Instance instance = instance(Set.of(WasiGrant.CLOCK, WasiGrant.RANDOM));
    TrapException open = assertThrows(TrapException.class, () -> run(instance, "open"));
    assertEquals(
        "WASI path_open denied: this function has no filesystem access", open.getMessage());
    TrapException sock = assertThrows(TrapException.class, () -> run(instance, "sock"));
    assertEquals("WASI sock_accept denied: this function has no network access", sock.getMessage());
  }

  @Test
  void clockAndRandomTrapUnlessGranted() {
    Instance instance = instance(Set.of());
    TrapException clock = assertThrows(TrapException.class, () -> run(instance, "clock"));
    assertEquals(
        "WASI clock_time_get denied: this function has no clock access (it needs the CLOCK grant)",
        clock.getMessage());
    TrapException random = assertThrows(TrapException.class, () -> run(instance, "random"));
    assertTrue(random.getMessage().startsWith("WASI random_get denied"), random.getMessage());
  }

  @Test
  void grantedClockAndRandomReadTheInjectedSources() {
    Instance instance = instance(Set.of(WasiGrant.CLOCK, WasiGrant.RANDOM));
    assertEquals(0, run(instance, "clock"));
    assertEquals(1714979289_123456000L, instance.memory().readLong(2200));
    assertEquals(0, run(instance, "random"));
    byte[] expected = new byte[16];
    new Random(42).nextBytes(expected);
    assertArrayEquals(expected, instance.memory().readBytes(2300, 16));
  }

  @Test
  void procExitCarriesTheCode() {
    Instance instance = instance(Set.of());
    WasiExitException exit = assertThrows(WasiExitException.class, () -> run(instance, "exit"));
    assertEquals(3, exit.exitCode());
  }

  @Test
  void anIovecOutsideMemoryTrapsWithoutAllocatingIt() {
    Instance instance = instance(Set.of());
    RuntimeException e = assertThrows(RuntimeException.class, () -> run(instance, "bad_iovec"));
    assertEquals("out of bounds memory access", e.getMessage());
  }
}
