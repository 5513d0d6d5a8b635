package io.sluice.jobs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Names a wasm function for a job: a function of a module file ({@code module.wasm:fn}, as the
 * module's {@code sluice_v1.functions} section describes it), or a function already registered in
 * the SQL catalog with {@code CREATE FUNCTION} / {@code CREATE AGGREGATE}. Either way the job
 * checks its kind and signature before anything runs.
 */
public final class WasmFunctionRef {
  private final Path module;
  private final String function;

  private WasmFunctionRef(Path module, String function) {
    if (function == null || function.isBlank()) {
      throw new IllegalArgumentException("a function reference needs a function name");
    }
    this.module = module;
    this.function = function;
  }

  /**
   * @param module a wasm module file
   * @param function a function the module describes (case-insensitive)
   * @return the reference
   */
  public static WasmFunctionRef of(Path module, String function) {
    return new WasmFunctionRef(Objects.requireNonNull(module, "module"), function);
  }

  /**
   * @param name a function of the store's SQL catalog
   * @return the reference
   */
  public static WasmFunctionRef catalog(String name) {
    return new WasmFunctionRef(null, name);
  }

  /**
   * Reads the command line's form: {@code path/to/module.wasm:fn}, or a catalog function's name.
   *
   * @param text the reference
   * @return the reference
   * @throws IllegalArgumentException if a module path has no {@code :fn} after it
   */
  public static WasmFunctionRef parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.lastIndexOf(':');
    if (colon > 0 && text.substring(0, colon).endsWith(".wasm")) {
      return of(Path.of(text.substring(0, colon)), text.substring(colon + 1));
    }
    if (text.endsWith(".wasm")) {
      throw new IllegalArgumentException(
          "name the function after the module: " + text + ":function_name");
    }
    return catalog(text);
  }

  /**
   * @return whether this names a module file (else a catalog function)
   */
  public boolean isModuleFile() {
    return module != null;
  }

  /**
   * @return the module file, or null for a catalog function
   */
  public Path module() {
    return module;
  }

  /**
   * @return the function's name
   */
  public String function() {
    return function;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WasmFunctionRef other
        && Objects.equals(module, other.module)
        && function.equals(other.function);
  }

  @Override
  public int hashCode() {
    return Objects.hash(module, function);
  }

  /** The command line's form, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return module == null ? function : module + ":" + function;
  }
}
