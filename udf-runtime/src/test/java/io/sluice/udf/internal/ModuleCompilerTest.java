package io.sluice.udf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.sluice.udf.AbiModule;
import io.sluice.udf.Compilation;
import io.sluice.udf.ExecutionMode;
import io.sluice.udf.WasmBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleCompilerTest {

  @TempDir Path cacheDir;

  /** A module whose function "big" adds 1 to its argument 20,000 times: too big for one method. */
  static byte[] moduleWithHugeFunction() {
    AbiModule module = new AbiModule();
    WasmBuilder.Code code = new WasmBuilder.Code();
    for (int i = 0; i < 20_000; i++) {
      code.localGet(0).i32(1).i32Add().localSet(0);
    }
    code.localGet(0);
    module.function("big", AbiModule.I32_I32, List.of(), code);
    module.function(
        "small", AbiModule.I32_I32, List.of(), new WasmBuilder.Code().localGet(0).i32(2).i32Mul());
    return module.build();
  }

  private static long call(WasmModule module, ModuleCompiler.CompiledCode code, String f, int x) {
    Instance.Builder builder = Instance.builder(module);
    if (code.machineFactory() != null) {
      builder.withMachineFactory(code.machineFactory());
    }
    return builder.build().export(f).apply(x)[0];
  }

  @Test
  void aModuleWhoseEveryFunctionIsTooLargeIsReportedAsInterpretedNotPartly() {
    WasmBuilder wasm = new WasmBuilder();
    WasmBuilder.Code code = new WasmBuilder.Code();
    for (int i = 0; i < 20_000; i++) {
      code.localGet(0).i32(1).i32Add().localSet(0);
    }
    code.localGet(0);
    wasm.exportFunction("big", wasm.function(AbiModule.I32_I32, List.of(), code));
    byte[] bytes = wasm.build();
    WasmModule module = Parser.parse(bytes);
    ModuleCompiler.CompiledCode compiled =
        new ModuleCompiler(null).compile(module, Sha256.digest(bytes), new ArrayList<>());
    assertEquals(ExecutionMode.INTERPRETED, compiled.compilation().mode());
    assertEquals(List.of(), compiled.compilation().interpretedFunctions());
    assertEquals(
        "its only function, #0 (big), is too large for one JVM method, so the whole module runs in"
            + " the interpreter",
        compiled.compilation().reason());
    assertEquals(20_001, call(module, compiled, "big", 1));
  }

  @Test
  void theCacheDirectoryIsCreatedForItsOwnerOnly() throws Exception {
    Path directory = cacheDir.resolve("engine").resolve("compiled");
    new DiskCodeCache(directory);
    assertEquals(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(directory));
  }

  @Test
  void aSmallModuleCompilesEntirely() {
    byte[] bytes = new AbiModule().build();
    WasmModule module = Parser.parse(bytes);
    List<String> warnings = new ArrayList<>();
    ModuleCompiler.CompiledCode code =
        new ModuleCompiler(null).compile(module, Sha256.digest(bytes), warnings);
    assertEquals(ExecutionMode.COMPILED, code.compilation().mode());
    assertEquals(Compilation.Source.COMPILER, code.compilation().source());
    assertEquals("", code.compilation().reason());
    assertEquals(List.of(), warnings);
  }

  @Test
  void aFunctionTooLargeForTheJvmIsInterpretedAndNamed() {
    byte[] bytes = moduleWithHugeFunction();
    WasmModule module = Parser.parse(bytes);
    ModuleCompiler.CompiledCode code =
        new ModuleCompiler(null).compile(module, Sha256.digest(bytes), new ArrayList<>());

    Compilation compilation = code.compilation();
    assertEquals(ExecutionMode.PARTLY_INTERPRETED, compilation.mode());
    assertEquals(List.of("#3 (big)"), compilation.interpretedFunctions());
    assertEquals(
        "1 function is too large for one JVM method and runs in the interpreter: #3 (big)",
        compilation.reason());
    // Both still compute: the big one interpreted, the small one compiled.
    assertEquals(20_005, call(module, code, "big", 5));
    assertEquals(10, call(module, code, "small", 5));
  }

  @Test
  void theDiskCacheServesASecondCompilerWithTheSameFallbackReport() throws Exception {
    byte[] bytes = moduleWithHugeFunction();
    byte[] sha = Sha256.digest(bytes);
    DiskCodeCache disk = new DiskCodeCache(cacheDir);

    ModuleCompiler.CompiledCode first =
        new ModuleCompiler(disk).compile(Parser.parse(bytes), sha, new ArrayList<>());
    assertEquals(Compilation.Source.COMPILER, first.compilation().source());
    assertTrue(Files.exists(disk.fileOf(Sha256.hex(sha))));

    // A new compiler and a fresh parse: what a restarted process does.
    WasmModule reparsed = Parser.parse(bytes);
    ModuleCompiler.CompiledCode second =
        new ModuleCompiler(new DiskCodeCache(cacheDir)).compile(reparsed, sha, new ArrayList<>());
    assertEquals(Compilation.Source.DISK_CACHE, second.compilation().source());
    assertEquals(ExecutionMode.PARTLY_INTERPRETED, second.compilation().mode());
    assertEquals(List.of("#3 (big)"), second.compilation().interpretedFunctions());
    assertEquals(20_001, call(reparsed, second, "big", 1));
  }

  @Test
  void aDamagedCacheFileIsRecompiledNotLoaded() throws Exception {
    byte[] bytes = new AbiModule().build();
    byte[] sha = Sha256.digest(bytes);
    DiskCodeCache disk = new DiskCodeCache(cacheDir);
    new ModuleCompiler(disk).compile(Parser.parse(bytes), sha, new ArrayList<>());
    Path file = disk.fileOf(Sha256.hex(sha));
    byte[] stored = Files.readAllBytes(file);
    stored[stored.length - 10] ^= 0x55;
    Files.write(file, stored);

    ModuleCompiler.CompiledCode again =
        new ModuleCompiler(disk).compile(Parser.parse(bytes), sha, new ArrayList<>());
    assertEquals(Compilation.Source.COMPILER, again.compilation().source());
    assertEquals(ExecutionMode.COMPILED, again.compilation().mode());
    // The damaged file was replaced by a good one.
    assertTrue(DiskCodeCache.decode(Files.readAllBytes(file)).isPresent());
  }

  @Test
  void cacheEntriesRoundTripTheirInterpretedSet() {
    byte[] jar = {1, 2, 3, 4};
    DiskCodeCache.Entry entry = DiskCodeCache.decode(DiskCodeCache.encode(Set.of(7, 3), jar)).get();
    assertArrayEquals(jar, entry.jar());
    assertEquals(Set.of(3, 7), entry.interpretedFunctions());
    byte[] truncated = DiskCodeCache.encode(Set.of(), jar);
    assertTrue(
        DiskCodeCache.decode(java.util.Arrays.copyOf(truncated, truncated.length - 1)).isEmpty());
  }
}
