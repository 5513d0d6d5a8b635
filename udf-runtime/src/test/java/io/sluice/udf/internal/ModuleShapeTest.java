package io.sluice.udf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.ValType;
import io.sluice.udf.AbiModule;
import io.sluice.udf.WasmBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModuleShapeTest {

  private static Optional<String> problem(byte[] bytes) {
    return ModuleShape.problem(Parser.parse(bytes));
  }

  private static AbiModule withOneFunction(AbiModule module) {
    module.function("f", AbiModule.I32_I32, List.of(), new WasmBuilder.Code().localGet(0));
    return module;
  }

  @Test
  void aWellFormedModuleHasNoProblem() {
    assertEquals(Optional.empty(), problem(withOneFunction(new AbiModule()).build()));
  }

  @Test
  void aMissingAbiExportIsNamedWithItsType() {
    String problem = problem(withOneFunction(new AbiModule().withoutAbiExport()).build()).get();
    assertEquals(
        "the module does not export sluice_abi_v1 () -> i32: it is not a Sluice ABI v1 module"
            + " (see wasi-data/docs/ABI.md)",
        problem);
  }

  @Test
  void anotherAbiVersionOnlyIsNamed() {
    AbiModule module = new AbiModule().withoutAbiExport();
    module.function(
        "sluice_abi_v2",
        WasmBuilder.type(List.of(), List.of(ValType.I32)),
        List.of(),
        new WasmBuilder.Code().i32(0));
    assertEquals(
        "the module speaks the wasi-data ABI v2 only (it exports sluice_abi_v2); this host speaks"
            + " v1 (sluice_abi_v1)",
        problem(module.build()).get());
  }

  @Test
  void aWrongExportTypeSaysWhatWasExpected() {
    AbiModule module = new AbiModule();
    module.function(
        "_initialize", AbiModule.I32_I32, List.of(), new WasmBuilder.Code().localGet(0));
    assertEquals(
        "the export _initialize has type (i32) -> i32, expected () -> ()",
        problem(module.build()).get());
  }

  @Test
  void aMissingMemoryExportIsNamed() {
    WasmBuilder wasm = new WasmBuilder().memory(1, null);
    wasm.exportFunction(
        "f", wasm.function(AbiModule.I32_I32, List.of(), new WasmBuilder.Code().localGet(0)));
    assertEquals(
        "the module does not export its memory as \"memory\"", problem(wasm.build()).get());
  }

  @Test
  void anImportSluiceDoesNotProvideIsNamed() {
    AbiModule module = new AbiModule();
    module.importFunction("env", "system", AbiModule.I32_I32);
    withOneFunction(module);
    assertEquals(
        "the module imports env.system, which Sluice does not provide",
        problem(module.build()).get());
  }

  @Test
  void anImportedMemoryIsRefused() {
    WasmBuilder wasm = new WasmBuilder().importMemory("env", "memory", 1);
    wasm.exportFunction(
        "f", wasm.function(AbiModule.I32_I32, List.of(), new WasmBuilder.Code().localGet(0)));
    assertEquals(
        "the module defines no memory; a Sluice module must define and export one",
        problem(wasm.build()).get());
  }

  @Test
  void aWasiImportWithTheWrongSignatureIsRefused() {
    AbiModule module = new AbiModule();
    module.importFunction("wasi_snapshot_preview1", "fd_write", AbiModule.I32_I32);
    withOneFunction(module);
    assertEquals(
        "the module imports wasi_snapshot_preview1.fd_write with type (i32) -> i32, expected"
            + " (i32, i32, i32, i32) -> i32",
        problem(module.build()).get());
  }

  @Test
  void anUnknownWasiFunctionIsRefused() {
    AbiModule module = new AbiModule();
    module.importFunction("wasi_snapshot_preview1", "fd_teleport", AbiModule.I32_I32);
    withOneFunction(module);
    assertEquals(
        "the module imports wasi_snapshot_preview1.fd_teleport, which is not a WASI preview 1"
            + " function",
        problem(module.build()).get());
  }

  @Test
  void wasiCallsNoGrantCouldAllowAreRefusedNamingTheImportAndWhatItNeeds() {
    AbiModule files = new AbiModule();
    files.importFunction(
        "wasi_snapshot_preview1",
        "path_open",
        WasmBuilder.type(
            List.of(
                ValType.I32,
                ValType.I32,
                ValType.I32,
                ValType.I32,
                ValType.I32,
                ValType.I64,
                ValType.I64,
                ValType.I32,
                ValType.I32),
            List.of(ValType.I32)));
    withOneFunction(files);
    assertEquals(
        "the module imports wasi_snapshot_preview1.path_open, a filesystem call, which needs a"
            + " preopened directory: no grant gives a Sluice function filesystem access (the WASI"
            + " imports a module may have: wasi-data/docs/ABI.md section 8)",
        problem(files.build()).get());

    AbiModule sockets = new AbiModule();
    sockets.importFunction(
        "wasi_snapshot_preview1",
        "sock_accept",
        WasmBuilder.type(List.of(ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)));
    withOneFunction(sockets);
    assertTrue(
        problem(sockets.build())
            .get()
            .startsWith(
                "the module imports wasi_snapshot_preview1.sock_accept, a socket call, which"
                    + " needs network access"));

    AbiModule sleeps = new AbiModule();
    sleeps.importFunction(
        "wasi_snapshot_preview1",
        "poll_oneoff",
        WasmBuilder.type(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)));
    withOneFunction(sleeps);
    assertTrue(
        problem(sleeps.build())
            .get()
            .startsWith("the module imports wasi_snapshot_preview1.poll_oneoff, which waits"));
  }

  @Test
  void wasiCallsThatWasiLibcPullsInOrAGrantAllowsAreAccepted() {
    AbiModule module = new AbiModule();
    List<ValType> twoI32 = List.of(ValType.I32, ValType.I32);
    List<ValType> i32 = List.of(ValType.I32);
    module.importFunction(
        "wasi_snapshot_preview1",
        "fd_write",
        WasmBuilder.type(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), i32));
    module.importFunction(
        "wasi_snapshot_preview1",
        "fd_seek",
        WasmBuilder.type(List.of(ValType.I32, ValType.I64, ValType.I32, ValType.I32), i32));
    module.importFunction("wasi_snapshot_preview1", "fd_close", WasmBuilder.type(i32, i32));
    module.importFunction(
        "wasi_snapshot_preview1", "fd_prestat_get", WasmBuilder.type(twoI32, i32));
    module.importFunction("wasi_snapshot_preview1", "environ_get", WasmBuilder.type(twoI32, i32));
    module.importFunction(
        "wasi_snapshot_preview1",
        "clock_time_get",
        WasmBuilder.type(List.of(ValType.I32, ValType.I64, ValType.I32), i32));
    module.importFunction("wasi_snapshot_preview1", "random_get", WasmBuilder.type(twoI32, i32));
    module.importFunction("wasi_snapshot_preview1", "proc_exit", WasmBuilder.type(i32, List.of()));
    withOneFunction(module);
    assertEquals(Optional.empty(), problem(module.build()));
  }

  @Test
  void anUnknownHostFunctionIsRefused() {
    AbiModule module = new AbiModule();
    module.importFunction("sluice_v1", "exec", AbiModule.I32_I32);
    withOneFunction(module);
    assertTrue(
        problem(module.build())
            .get()
            .startsWith("the module imports sluice_v1.exec, which ABI v1"));
  }

  @Test
  void aHostFunctionWithTheWrongSignatureIsRefused() {
    AbiModule module = new AbiModule();
    module.importFunction("sluice_v1", "log", AbiModule.I32_I32);
    withOneFunction(module);
    assertEquals(
        "the module imports sluice_v1.log with type (i32) -> i32, expected (i32, i32) -> ()",
        problem(module.build()).get());
  }

  @Test
  void simdIsRefusedNamingTheFunction() {
    AbiModule module = new AbiModule();
    // v128.const 0 ; drop
    WasmBuilder.Code code = new WasmBuilder.Code().raw(0xFD, 0x0C);
    for (int i = 0; i < 16; i++) {
      code.raw(0);
    }
    code.drop().localGet(0);
    module.function("vector", AbiModule.I32_I32, List.of(), code);
    String problem = problem(module.build()).get();
    assertTrue(problem.startsWith("the module uses SIMD (v128) in function #3 (vector)"), problem);
    assertTrue(problem.endsWith("build the module without -msimd128"), problem);
  }
}
