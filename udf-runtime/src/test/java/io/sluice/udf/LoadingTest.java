package io.sluice.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.examples.ExampleUdfs;
import io.sluice.testkit.ArrowAllocatorExtension;
import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.SqlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loading: content addressing, the compile cache in memory and on disk, the interpreter fallback
 * reported, and every module the corpus builds to be refused at load time refused with a message
 * saying exactly what is wrong, after which the same runtime keeps serving.
 */
class LoadingTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path cacheDir;

  private final UdfRuntime runtime = UdfRuntime.create();

  @AfterEach
  void close() {
    runtime.close();
  }

  /** Proves the runtime still serves: loads geo and adds one to 41. */
  static void stillServes(UdfRuntime runtime, BufferAllocator allocator) {
    UdfFunction addOne = runtime.load(ExampleUdfs.module("geo")).function("add_one_batch");
    try (FieldVector x = Columns.of(allocator, SqlType.BIGINT, 41L);
        FieldVector out = addOne.scalar(List.of(x), 1, allocator)) {
      assertEquals(List.of(42L), Columns.values(out));
    }
  }

  static Stream<Arguments> refusedModules() {
    return Stream.of(
        Arguments.of(
            "forbidden_import", "the module imports env.system, which Sluice does not provide"),
        Arguments.of(
            "wrong_import_signature",
            "the module imports sluice_v1.log with type (i64) -> i32, expected (i32, i32) -> ()"),
        Arguments.of(
            "no_abi_export",
            "the module does not export sluice_abi_v1 () -> i32: it is not a Sluice ABI v1 module"),
        Arguments.of(
            "abi_v2_only",
            "the module speaks the wasi-data ABI v2 only (it exports sluice_abi_v2); this host"
                + " speaks v1"),
        Arguments.of(
            "bad_descriptor", "its sluice_v1.functions section does not parse: line 2, column"),
        Arguments.of("missing_export", "function ghost needs the export does_not_exist"),
        Arguments.of("wrong_signature", "function wrong_row: the export wrong_row has type"),
        Arguments.of("malformed", "the bytes are not a valid wasm module: "),
        Arguments.of("truncated", "the bytes are not a valid wasm module: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedModules")
  void aBrokenModuleIsRefusedSayingWhyAndTheRuntimeKeepsServing(
      String name, String expected, BufferAllocator allocator) {
    assertFalse(ExampleUdfs.loadTimeProblems(name).isEmpty(), "the corpus marks it broken");
    UdfException e =
        assertThrows(UdfException.class, () -> runtime.load(ExampleUdfs.hostile(name)));
    assertEquals(UdfException.Category.INVALID_MODULE, e.category());
    assertTrue(
        e.getMessage().startsWith("invalid wasm module: " + expected),
        () -> "message was: " + e.getMessage());
    assertTrue(e.moduleSha256().isPresent());
    stillServes(runtime, allocator);
  }

  @Test
  void theHostileModuleThatOpensAFileIsRefusedAtLoadNamingTheImport(BufferAllocator allocator) {
    UdfException e =
        assertThrows(UdfException.class, () -> runtime.load(ExampleUdfs.hostile("open_file")));
    assertEquals(UdfException.Category.INVALID_MODULE, e.category());
    assertTrue(
        e.getMessage()
            .startsWith(
                "invalid wasm module: the module imports wasi_snapshot_preview1.path_open, a"
                    + " filesystem call, which needs a preopened directory: no grant gives a"
                    + " Sluice function filesystem access"),
        e.getMessage());
    stillServes(runtime, allocator);
  }

  @Test
  void everyCorpusModuleWithALoadTimeProblemIsCovered() {
    List<String> covered = refusedModules().map(a -> (String) a.get()[0]).toList();
    for (String name : ExampleUdfs.hostileModules()) {
      if (!ExampleUdfs.loadTimeProblems(name).isEmpty()) {
        assertTrue(covered.contains(name), name + " has load-time problems but no test here");
      }
    }
  }

  @Test
  void aModuleIsNamedByTheSha256OfItsBytes() throws Exception {
    byte[] bytes = ExampleUdfs.module("geo");
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertEquals(expected, runtime.load(bytes).sha256());
  }

  @Test
  void aModuleIsCompiledOncePerProcess() {
    byte[] bytes = ExampleUdfs.module("strings");
    UdfModule first = runtime.load(bytes);
    UdfModule second = runtime.load(bytes.clone());
    assertEquals(Compilation.Source.COMPILER, first.compilation().source());
    assertEquals(Compilation.Source.MEMORY_CACHE, second.compilation().source());
    assertEquals(new UdfRuntime.CacheStats(1, 1, 0), runtime.cacheStats());
  }

  @Test
  void aRestartReadsTheCompiledModuleFromDiskInsteadOfCompiling(BufferAllocator allocator) {
    byte[] bytes = ExampleUdfs.module("geo");
    try (UdfRuntime first = UdfRuntime.builder().cacheDirectory(cacheDir).build()) {
      assertEquals(Compilation.Source.COMPILER, first.load(bytes).compilation().source());
      assertEquals(1, first.cacheStats().compilations());
    }
    try (UdfRuntime restarted = UdfRuntime.builder().cacheDirectory(cacheDir).build()) {
      UdfModule module = restarted.load(bytes);
      assertEquals(Compilation.Source.DISK_CACHE, module.compilation().source());
      assertEquals(ExecutionMode.COMPILED, module.compilation().mode());
      assertEquals(new UdfRuntime.CacheStats(0, 0, 1), restarted.cacheStats());
      stillServes(restarted, allocator);
    }
  }

  @Test
  void theDiskCacheHoldsOneFilePerModuleNamedByItsHash() throws Exception {
    try (UdfRuntime cached = UdfRuntime.builder().cacheDirectory(cacheDir).build()) {
      String sha = cached.load(ExampleUdfs.module("geo")).sha256();
      try (Stream<Path> files = Files.list(cacheDir)) {
        List<String> names = files.map(p -> p.getFileName().toString()).toList();
        assertEquals(1, names.size(), names.toString());
        assertTrue(names.get(0).startsWith(sha + ".chicory-"), names.get(0));
      }
    }
  }

  @Test
  void aFunctionTooLargeForTheJvmFallsBackLoudlyAndStillComputes(BufferAllocator allocator) {
    UdfModule huge = runtime.load(ExampleUdfs.hostile("huge_function"));
    Compilation compilation = huge.compilation();
    assertEquals(ExecutionMode.PARTLY_INTERPRETED, compilation.mode());
    assertEquals(1, compilation.interpretedFunctions().size());
    assertTrue(compilation.interpretedFunctions().get(0).contains("huge_function"));
    assertTrue(huge.warnings().contains(compilation.reason()), huge.warnings().toString());
    UdfFunction function = huge.function("huge_function");
    assertEquals(ExecutionMode.PARTLY_INTERPRETED, function.stats().mode());
    assertTrue(function.stats().fallbackReason().contains("too large for one JVM method"));

    // The interpreter-only runtime is the oracle: same bytes, same results.
    UdfFunction oracle =
        runtime
            .load(
                ExampleUdfs.hostile("huge_function"),
                UdfOptions.builder().interpreterOnly(true).build())
            .function("huge_function");
    assertEquals(ExecutionMode.INTERPRETED, oracle.stats().mode());
    try (FieldVector x = Columns.of(allocator, SqlType.BIGINT, 1L, null, -7L, 123456789L);
        FieldVector compiled = function.scalar(List.of(x), 4, allocator);
        FieldVector interpreted = oracle.scalar(List.of(x), 4, allocator)) {
      assertEquals(Columns.values(interpreted), Columns.values(compiled));
    }
  }

  @Test
  void theInterpreterCanBeForcedAndIsReported(BufferAllocator allocator) {
    UdfModule module =
        runtime.load(ExampleUdfs.module("geo"), UdfOptions.builder().interpreterOnly(true).build());
    assertEquals(ExecutionMode.INTERPRETED, module.compilation().mode());
    assertEquals(Compilation.Source.NONE, module.compilation().source());
    assertEquals(0, runtime.cacheStats().compilations());
    try (FieldVector x = Columns.of(allocator, SqlType.BIGINT, 1L);
        FieldVector out = module.function("add_one").scalar(List.of(x), 1, allocator)) {
      assertEquals(List.of(2L), Columns.values(out));
    }
  }

  @Test
  void initialMemoryBeyondTheCapIsRefusedAtLoad() {
    AbiModule big = new AbiModule(300); // 300 pages = 18.75 MiB > 16 MiB
    big.function("f", AbiModule.I32_I32, List.of(), new WasmBuilder.Code().localGet(0));
    UdfException e = assertThrows(UdfException.class, () -> runtime.load(big.build()));
    assertEquals(UdfException.Category.INVALID_MODULE, e.category());
    assertTrue(
        e.getMessage()
            .startsWith(
                "invalid wasm module: its initial memory of 19200 KiB exceeds the memory limit of"
                    + " 16 MiB"),
        e.getMessage());
  }

  @Test
  void aSmallerCapForOneFunctionIsCheckedWhenTheFunctionIsMade() {
    UdfModule module = runtime.load(ExampleUdfs.module("geo"));
    UdfLimits tiny = UdfLimits.builder().memoryBytes(64 * 1024).build();
    UdfException e = assertThrows(UdfException.class, () -> module.function("add_one", tiny));
    assertTrue(e.getMessage().contains("exceeds the memory limit of 64 KiB"), e.getMessage());
  }

  @Test
  void anExplicitSignatureWinsButMustMatchTheExport(BufferAllocator allocator) {
    UdfModule geo = runtime.load(ExampleUdfs.module("geo"));
    FunctionDescriptor renamed =
        FunctionDescriptor.builder(FunctionDescriptor.Kind.SCALAR, "plus_one")
            .argument("n", SqlType.BIGINT)
            .returns(SqlType.BIGINT)
            .abi(FunctionDescriptor.Abi.ROW)
            .exportName("add_one")
            .build();
    try (FieldVector x = Columns.of(allocator, SqlType.BIGINT, 9L);
        FieldVector out = geo.function(renamed).scalar(List.of(x), 1, allocator)) {
      assertEquals(List.of(10L), Columns.values(out));
    }
    FunctionDescriptor wrong =
        FunctionDescriptor.builder(FunctionDescriptor.Kind.SCALAR, "plus_one")
            .argument("n", SqlType.DOUBLE)
            .returns(SqlType.DOUBLE)
            .abi(FunctionDescriptor.Abi.ROW)
            .exportName("add_one")
            .build();
    UdfException e = assertThrows(UdfException.class, () -> geo.function(wrong));
    assertEquals(UdfException.Category.INVALID_MODULE, e.category());
    assertTrue(
        e.getMessage()
            .startsWith(
                "invalid wasm module: function plus_one: the export add_one has type (i64) -> i64,"
                    + " but SCALAR ROW-ABI plus_one(n DOUBLE) RETURNS DOUBLE needs (f64) -> f64"),
        e.getMessage());
  }

  @Test
  void anUnknownFunctionNameListsTheModulesFunctions() {
    UdfModule geo = runtime.load(ExampleUdfs.module("geo"));
    UdfException e = assertThrows(UdfException.class, () -> geo.function("nope"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "invalid wasm module: it has no function nope; it has haversine, haversine_batch,"
                    + " add_one, add_one_batch"),
        e.getMessage());
  }

  @Test
  void theSameFunctionAndLimitsGiveTheSameFunctionObject() {
    UdfModule geo = runtime.load(ExampleUdfs.module("geo"));
    assertSame(geo.function("add_one"), geo.function("ADD_ONE"));
    assertNotSame(
        geo.function("add_one"),
        geo.function("add_one", UdfLimits.builder().memoryBytes(32L << 20).build()));
  }

  @Test
  void aModuleThatNeverFinishesInitializingIsRefusedAtItsTimeLimit() {
    AbiModule module = new AbiModule();
    module.function(
        "_initialize", AbiModule.VOID, List.of(), new WasmBuilder.Code().loop().br(0).end());
    UdfOptions options =
        UdfOptions.builder()
            .limits(UdfLimits.builder().callTimeout(java.time.Duration.ofMillis(100)).build())
            .build();
    UdfException e = assertThrows(UdfException.class, () -> runtime.load(module.build(), options));
    assertEquals(UdfException.Category.INVALID_MODULE, e.category());
    assertTrue(
        e.getMessage()
            .startsWith(
                "invalid wasm module: its initialization did not finish within the 100ms time"
                    + " limit"),
        e.getMessage());
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
