package io.sluice.jobs.internal;

import io.sluice.jobs.JobSpec;
import io.sluice.jobs.WasmFunctionRef;
import io.sluice.sql.function.FunctionCatalog;
import io.sluice.sql.function.WasmFunctionVersion;
import io.sluice.udf.UdfException;
import io.sluice.udf.UdfFunction;
import io.sluice.udf.UdfLimits;
import io.sluice.udf.UdfModule;
import io.sluice.udf.UdfOptions;
import io.sluice.udf.UdfRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a job's function references into sandbox functions: a module file is read, checked and
 * compiled by the runtime (as {@code CREATE FUNCTION} does, with the job's limits); a catalog name
 * takes the function's current version, pinned for the job. Failures are {@link
 * IllegalArgumentException}s that name the reference.
 */
public final class FunctionResolver {
  private final UdfRuntime runtime;
  private final FunctionCatalog catalog;
  private final UdfLimits limits;
  private final Map<Path, UdfModule> modules = new HashMap<>();

  /**
   * @param runtime the engine's sandbox
   * @param catalog the engine's SQL functions
   * @param spec the job, for its limits
   */
  public FunctionResolver(UdfRuntime runtime, FunctionCatalog catalog, JobSpec spec) {
    this.runtime = runtime;
    this.catalog = catalog;
    this.limits =
        UdfLimits.defaults().toBuilder()
            .memoryBytes(spec.memoryLimitBytes())
            .callTimeout(spec.callTimeout())
            .build();
  }

  /**
   * @param role "map", "combine" or "reduce"
   * @param ref the reference
   * @return the function; the caller releases it
   * @throws IllegalArgumentException if the module cannot be read or used, or has no such function
   */
  public ResolvedFunction resolve(String role, WasmFunctionRef ref) {
    String label = "--" + role + " " + ref;
    if (!ref.isModuleFile()) {
      return fromCatalog(role, ref, label);
    }
    try {
      UdfModule module =
          modules.computeIfAbsent(
              ref.module().toAbsolutePath().normalize(), path -> load(path, label));
      UdfFunction function = module.function(ref.function(), limits);
      return new ResolvedFunction(role, ref.toString(), function, function::close);
    } catch (UdfException e) {
      throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
    }
  }

  private UdfModule load(Path path, String label) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(label + ": there is no file " + path, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(label + ": cannot read " + path + ": " + e, e);
    }
    return runtime.load(bytes, UdfOptions.builder().limits(limits).build());
  }

  private ResolvedFunction fromCatalog(String role, WasmFunctionRef ref, String label) {
    WasmFunctionVersion version =
        catalog
            .find(ref.function())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        label
                            + ": no function "
                            + ref.function()
                            + " in the catalog (give a module as path/to/module.wasm:function,"
                            + " or CREATE FUNCTION it first); the catalog has "
                            + (catalog.all().isEmpty()
                                ? "no functions"
                                : catalog.all().stream()
                                    .map(WasmFunctionVersion::name)
                                    .collect(Collectors.joining(", ")))));
    if (!version.retain()) {
      throw new IllegalArgumentException(label + ": the function was replaced or dropped just now");
    }
    try {
      return new ResolvedFunction(role, ref.toString(), version.function(), version::release);
    } catch (RuntimeException e) {
      version.release();
      throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
    }
  }
}
