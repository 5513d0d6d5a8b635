package io.sluice.udf.internal;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.sluice.udf.Compilation;
import io.sluice.wasidata.DescriptorSyntaxException;
import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.FunctionDescriptors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The modules this process has loaded, by SHA-256: each is parsed, checked and compiled once, and
 * every later load of the same bytes gets the same code from memory. Two threads loading the same
 * new module wait for one compilation. A module that fails its checks is not remembered (the next
 * load checks again and fails the same way).
 */
public final class CodeRegistry {

  /** A module that passed every load-time check, with its runnable code. */
  public record LoadedCode(
      String sha256,
      WasmModule module,
      ModuleCompiler.CompiledCode code,
      List<FunctionDescriptor> descriptors,
      List<String> warnings) {

    /**
     * @param compilation another report for the same code
     * @return this with the report replaced
     */
    LoadedCode with(Compilation compilation) {
      return new LoadedCode(
          sha256,
          module,
          new ModuleCompiler.CompiledCode(code.machineFactory(), compilation),
          descriptors,
          warnings);
    }
  }

  private final ModuleCompiler compiler;
  private final ConcurrentHashMap<String, CompletableFuture<LoadedCode>> loaded =
      new ConcurrentHashMap<>();
  private final LongAdder compilations = new LongAdder();
  private final LongAdder memoryHits = new LongAdder();
  private final LongAdder diskHits = new LongAdder();

  /**
   * @param compiler compiles modules not seen before
   */
  public CodeRegistry(ModuleCompiler compiler) {
    this.compiler = compiler;
  }

  /**
   * Loads a module: from memory when these bytes were loaded before, else parsed, checked and
   * compiled (or read from the disk cache).
   *
   * @param bytes the module's bytes
   * @param interpreterOnly whether to run it in the interpreter instead of compiling it
   * @return the module's code and its report
   * @throws io.sluice.udf.UdfException INVALID_MODULE when the module fails a check
   */
  public LoadedCode load(byte[] bytes, boolean interpreterOnly) {
    long start = System.nanoTime();
    byte[] digest = Sha256.digest(bytes);
    String sha256 = Sha256.hex(digest);
    String key = sha256 + (interpreterOnly ? "/interpreted" : "/compiled");
    CompletableFuture<LoadedCode> mine = new CompletableFuture<>();
    CompletableFuture<LoadedCode> existing = loaded.putIfAbsent(key, mine);
    if (existing != null) {
      LoadedCode code = join(existing);
      if (!interpreterOnly) {
        memoryHits.increment();
      }
      Compilation.Source source =
          interpreterOnly ? Compilation.Source.NONE : Compilation.Source.MEMORY_CACHE;
      return code.with(
          code.code().compilation().from(source, Duration.ofNanos(System.nanoTime() - start)));
    }
    try {
      LoadedCode code = loadNew(bytes, digest, sha256, interpreterOnly);
      mine.complete(code);
      return code;
    } catch (RuntimeException | Error e) {
      loaded.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Forgets a module's code, e.g. after {@code DROP FUNCTION}; functions already made from it keep
   * working.
   *
   * @param sha256 the module's hash
   */
  public void evict(String sha256) {
    loaded.remove(sha256 + "/interpreted");
    loaded.remove(sha256 + "/compiled");
  }

  /**
   * @return how many modules this registry compiled (not counting disk cache hits)
   */
  public long compilations() {
    return compilations.sum();
  }

  /**
   * @return how many loads found the module's compiled code in memory
   */
  public long memoryCacheHits() {
    return memoryHits.sum();
  }

  /**
   * @return how many loads read the module's compiled code from the disk cache
   */
  public long diskCacheHits() {
    return diskHits.sum();
  }

  private static LoadedCode join(CompletableFuture<LoadedCode> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private LoadedCode loadNew(byte[] bytes, byte[] digest, String sha256, boolean interpreterOnly) {
    WasmModule module = parse(bytes, sha256);
    Optional<String> problem = ModuleShape.problem(module);
    if (problem.isPresent()) {
      throw UdfErrors.invalidModule(sha256, problem.get());
    }
    List<FunctionDescriptor> descriptors = descriptors(bytes, module, sha256);
    List<String> warnings = new ArrayList<>();
    ModuleCompiler.CompiledCode code;
    if (interpreterOnly) {
      code = ModuleCompiler.interpreterOnly(module);
    } else {
      code = compiler.compile(module, digest, warnings);
      switch (code.compilation().source()) {
        case COMPILER -> compilations.increment();
        case DISK_CACHE -> diskHits.increment();
        default -> {}
      }
      if (!code.compilation().reason().isEmpty()) {
        warnings.add(code.compilation().reason());
      }
    }
    return new LoadedCode(sha256, module, code, descriptors, List.copyOf(warnings));
  }

  private static WasmModule parse(byte[] bytes, String sha256) {
    try {
      return Parser.parse(bytes);
    } catch (RuntimeException e) {
      // Chicory reports malformed and invalid binaries as ChicoryException subclasses, and a few
      // truncated inputs as plain runtime exceptions: all mean the same to the user.
      throw UdfErrors.invalidModule(
          sha256, "the bytes are not a valid wasm module: " + describe(e), e);
    }
  }

  private static List<FunctionDescriptor> descriptors(
      byte[] bytes, WasmModule module, String sha256) {
    List<FunctionDescriptor> descriptors;
    try {
      descriptors = FunctionDescriptors.read(bytes);
    } catch (DescriptorSyntaxException e) {
      throw UdfErrors.invalidModule(
          sha256, "its sluice_v1.functions section does not parse: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw UdfErrors.invalidModule(
          sha256, "its sluice_v1.functions section is invalid: " + e.getMessage(), e);
    }
    Set<String> names = new HashSet<>();
    for (FunctionDescriptor descriptor : descriptors) {
      if (!names.add(descriptor.name().toLowerCase(Locale.ROOT))) {
        throw UdfErrors.invalidModule(
            sha256, "its sluice_v1.functions section lists " + descriptor.name() + " twice");
      }
      Optional<String> problem = FunctionSignatures.problem(module, descriptor);
      if (problem.isPresent()) {
        throw UdfErrors.invalidModule(sha256, problem.get());
      }
    }
    return List.copyOf(descriptors);
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
