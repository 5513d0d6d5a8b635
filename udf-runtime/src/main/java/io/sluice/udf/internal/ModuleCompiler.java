package io.sluice.udf.internal;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import io.sluice.udf.Compilation;
import io.sluice.udf.ExecutionMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Compiles a parsed module to JVM bytecode with Chicory's compiler, through the on-disk cache, and
 * finds out, without guessing, which wasm functions had to stay in the interpreter.
 *
 * <p>Chicory's fallback modes either fail or fall back while only printing to stderr, and its
 * public builder does not return the set of interpreted functions. So we compile with {@link
 * InterpreterFallback#FAIL}; when a function is too large for one JVM method, the failure names it
 * ({@code func_N} in the ASM exception), we add it to the explicit interpreted set and compile
 * again. The set we end with is exactly what runs interpreted; it is stored next to the compiled
 * classes on disk, since the classes themselves do not record it. Any other compiler failure makes
 * the whole module run in the interpreter, with the compiler's message as the reason.
 */
public final class ModuleCompiler {

  private final DiskCodeCache disk;

  /**
   * @param disk the on-disk cache, or null to compile without one
   */
  public ModuleCompiler(DiskCodeCache disk) {
    this.disk = disk;
  }

  /** Runnable code for one module: a machine factory for its instances, and how it was made. */
  public record CompiledCode(Function<Instance, Machine> machineFactory, Compilation compilation) {}

  /**
   * @param module the parsed module
   * @return code that runs it in the interpreter only, reported as requested
   */
  public static CompiledCode interpreterOnly(WasmModule module) {
    return new CompiledCode(
        null,
        new Compilation(
            ExecutionMode.INTERPRETED,
            List.of(),
            "the interpreter was requested for this module",
            Compilation.Source.NONE,
            Duration.ZERO));
  }

  /**
   * Compiles a module, or loads its compiled code from disk.
   *
   * @param module the parsed module
   * @param sha256 the SHA-256 of the module's bytes
   * @param warnings receives anything worth telling the user (a cache that could not be used)
   * @return the machine factory and the compilation report
   */
  public CompiledCode compile(WasmModule module, byte[] sha256, List<String> warnings) {
    long start = System.nanoTime();
    String hex = Sha256.hex(sha256);
    String expectedKey = Sha256.chicoryKey(sha256);
    if (disk != null && !expectedKey.equals(module.digest())) {
      // Chicory keys its cache by WasmModule.digest(); a JVM configured with another digest
      // algorithm would name modules differently, so the disk cache is skipped, not misused.
      warnings.add(
          "the on-disk compile cache is not used: Chicory's module digest is "
              + module.digest()
              + ", expected "
              + expectedKey);
    }
    boolean useDisk = disk != null && expectedKey.equals(module.digest());
    Set<Integer> interpreted = new TreeSet<>();
    int functions =
        module.functionSection().functionCount()
            + module.importSection().count(ExternalType.FUNCTION);
    while (true) {
      CacheView view = useDisk ? new CacheView(disk, hex, expectedKey, interpreted) : null;
      try {
        Function<Instance, Machine> factory = compileOnce(module, view, interpreted);
        Set<Integer> actual = view != null && view.hit != null ? view.hit : interpreted;
        Compilation.Source source =
            view != null && view.hit != null
                ? Compilation.Source.DISK_CACHE
                : Compilation.Source.COMPILER;
        if (view != null && view.writeFailure != null) {
          warnings.add("the compiled module could not be cached on disk: " + view.writeFailure);
        }
        return new CompiledCode(factory, report(module, actual, source, start));
      } catch (ChicoryException | LinkageError e) {
        if (view != null && view.hit != null) {
          // The cached classes did not load (damaged beyond the checksum, or a JVM change):
          // forget them and compile afresh.
          deleteQuietly(hex, warnings);
          useDisk = false;
          continue;
        }
        Optional<Integer> tooLarge = tooLargeFunction(e);
        if (tooLarge.isPresent()
            && interpreted.size() < functions
            && interpreted.add(tooLarge.get())) {
          continue;
        }
        return new CompiledCode(
            null,
            new Compilation(
                ExecutionMode.INTERPRETED,
                List.of(),
                "the compiler failed, so the whole module runs in the interpreter: "
                    + e.getMessage(),
                Compilation.Source.NONE,
                Duration.ofNanos(System.nanoTime() - start)));
      }
    }
  }

  private static Function<Instance, Machine> compileOnce(
      WasmModule module, Cache cache, Set<Integer> interpreted) {
    MachineFactoryCompiler.Builder builder =
        MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.FAIL);
    if (!interpreted.isEmpty()) {
      builder.withInterpretedFunctions(Set.copyOf(interpreted));
    }
    if (cache != null) {
      builder.withCache(cache);
    }
    return builder.compile();
  }

  private static Compilation report(
      WasmModule module, Set<Integer> interpreted, Compilation.Source source, long start) {
    Duration time = Duration.ofNanos(System.nanoTime() - start);
    if (interpreted.isEmpty()) {
      return new Compilation(ExecutionMode.COMPILED, List.of(), "", source, time);
    }
    List<String> names = new ArrayList<>();
    for (int index : new TreeSet<>(interpreted)) {
      names.add(describeFunction(module, index));
    }
    if (interpreted.size() >= module.functionSection().functionCount()) {
      // Every function fell back: the whole module is interpreted, not part of it. The reason
      // names the functions once; the list stays empty, as for any wholly interpreted module.
      return new Compilation(
          ExecutionMode.INTERPRETED,
          List.of(),
          (names.size() == 1 ? "its only function, " : "all " + names.size() + " functions, ")
              + String.join(", ", names)
              + (names.size() == 1 ? ", is" : ", are")
              + " too large for one JVM method, so the whole module runs in the interpreter",
          source,
          time);
    }
    return new Compilation(
        ExecutionMode.PARTLY_INTERPRETED,
        names,
        names.size()
            + (names.size() == 1 ? " function is" : " functions are")
            + " too large for one JVM method and run"
            + (names.size() == 1 ? "s" : "")
            + " in the interpreter: "
            + String.join(", ", names),
        source,
        time);
  }

  /** "#12 (name)" from the name section or an export; "#12" when nothing names it. */
  static String describeFunction(WasmModule module, int index) {
    String name = module.nameSection() == null ? null : module.nameSection().nameOfFunction(index);
    if (name == null) {
      for (int i = 0; i < module.exportSection().exportCount(); i++) {
        Export export = module.exportSection().getExport(i);
        if (export.exportType() == ExternalType.FUNCTION && export.index() == index) {
          name = export.name();
          break;
        }
      }
    }
    return name == null ? "#" + index : "#" + index + " (" + name + ")";
  }

  /** The wasm function index named by a "method too large" failure, when that is the failure. */
  static Optional<Integer> tooLargeFunction(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MethodTooLargeException tooLarge) {
        String method = tooLarge.getMethodName();
        if (method != null && method.startsWith("func_")) {
          try {
            return Optional.of(Integer.parseInt(method.substring("func_".length())));
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.empty();
  }

  private void deleteQuietly(String hex, List<String> warnings) {
    try {
      java.nio.file.Files.deleteIfExists(disk.fileOf(hex));
    } catch (IOException e) {
      warnings.add("a damaged compiled module could not be removed from disk: " + e.getMessage());
    }
  }

  /**
   * Chicory's cache interface bound to one module and one interpreted-function set: it refuses keys
   * other than our SHA-256 and records what a hit said was interpreted.
   */
  private static final class CacheView implements Cache {
    private final DiskCodeCache disk;
    private final String hex;
    private final String key;
    private final Set<Integer> interpreted;
    private Set<Integer> hit;
    private String writeFailure;

    CacheView(DiskCodeCache disk, String hex, String key, Set<Integer> interpreted) {
      this.disk = disk;
      this.hex = hex;
      this.key = key;
      this.interpreted = Set.copyOf(interpreted);
    }

    @Override
    public byte[] get(String key) throws IOException {
      if (!this.key.equals(key)) {
        return null;
      }
      Optional<DiskCodeCache.Entry> entry = disk.read(hex);
      if (entry.isEmpty()) {
        return null;
      }
      hit = entry.get().interpretedFunctions();
      return entry.get().jar();
    }

    @Override
    public void putIfAbsent(String key, byte[] data) {
      if (!this.key.equals(key)) {
        return;
      }
      try {
        disk.putIfAbsent(hex, interpreted, data);
      } catch (IOException | UncheckedIOException e) {
        // A cache that cannot be written costs a compile at the next start, nothing more.
        writeFailure = e.toString();
      }
    }
  }
}
