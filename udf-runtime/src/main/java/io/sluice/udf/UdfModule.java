package io.sluice.udf;

import io.sluice.udf.internal.CodeRegistry;
import io.sluice.udf.internal.FunctionSignatures;
import io.sluice.udf.internal.UdfErrors;
import io.sluice.wasidata.FunctionDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A loaded, checked and compiled wasm module: its content address, the functions it describes in
 * its {@code sluice_v1.functions} section, how its code runs, and anything worth warning about. Get
 * a {@link UdfFunction} from it by name (its own signature) or by an explicit signature.
 *
 * <p>Thread-safe. Asking twice for the same function with the same limits gives the same {@link
 * UdfFunction}, with its one instance pool and its statistics.
 */
public final class UdfModule {

  private final UdfRuntime runtime;
  private final CodeRegistry.LoadedCode code;
  private final UdfOptions options;
  private final ConcurrentHashMap<FunctionKey, UdfFunction> functions = new ConcurrentHashMap<>();

  /** A function is the same function when its signature and limits are the same. */
  private record FunctionKey(FunctionDescriptor descriptor, UdfLimits limits) {}

  UdfModule(UdfRuntime runtime, CodeRegistry.LoadedCode code, UdfOptions options) {
    this.runtime = runtime;
    this.code = code;
    this.options = options;
  }

  /**
   * @return the SHA-256 of the module's bytes, 64 lower-case hex digits: its name everywhere
   */
  public String sha256() {
    return code.sha256();
  }

  /**
   * @return the functions the module describes itself, in the order it lists them
   */
  public List<FunctionDescriptor> functions() {
    return code.descriptors();
  }

  /**
   * @param name a SQL function name (case-insensitive)
   * @return the module's own descriptor of that function, if it lists it
   */
  public Optional<FunctionDescriptor> descriptor(String name) {
    for (FunctionDescriptor d : code.descriptors()) {
      if (d.name().equalsIgnoreCase(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * @return how the module's code runs (compiled, partly or wholly interpreted, and why) and where
   *     the compiled code came from
   */
  public Compilation compilation() {
    return code.code().compilation();
  }

  /**
   * @return what the user should know about this module though it loaded: an interpreter fallback,
   *     a disk cache that could not be used; shown at {@code CREATE FUNCTION}
   */
  public List<String> warnings() {
    return code.warnings();
  }

  /**
   * @return the options the module was loaded with
   */
  public UdfOptions options() {
    return options;
  }

  /**
   * @param name a function the module describes (case-insensitive)
   * @return the function with the module's default limits
   * @throws UdfException INVALID_MODULE when the module does not describe such a function
   */
  public UdfFunction function(String name) {
    return function(name, options.limits());
  }

  /**
   * @param name a function the module describes (case-insensitive)
   * @param limits its limits
   * @return the function
   * @throws UdfException INVALID_MODULE when the module does not describe such a function, or its
   *     initial memory exceeds the limits
   */
  public UdfFunction function(String name, UdfLimits limits) {
    FunctionDescriptor descriptor =
        descriptor(name)
            .orElseThrow(
                () ->
                    UdfErrors.invalidModule(
                        sha256(),
                        "it has no function "
                            + name
                            + (code.descriptors().isEmpty()
                                ? "; it lists no functions: give the signature explicitly"
                                : "; it has "
                                    + code.descriptors().stream()
                                        .map(FunctionDescriptor::name)
                                        .collect(Collectors.joining(", ")))));
    return function(descriptor, limits);
  }

  /**
   * @param explicit a signature given by the user; it wins over the module's own description but
   *     must match the exports' wasm types
   * @return the function with the module's default limits
   * @throws UdfException INVALID_MODULE when the exports do not match the signature
   */
  public UdfFunction function(FunctionDescriptor explicit) {
    return function(explicit, options.limits());
  }

  /**
   * @param explicit a signature given by the user; it wins over the module's own description but
   *     must match the exports' wasm types
   * @param limits its limits
   * @return the function
   * @throws UdfException INVALID_MODULE when the exports do not match the signature or the module's
   *     initial memory exceeds the limits
   */
  public UdfFunction function(FunctionDescriptor explicit, UdfLimits limits) {
    Objects.requireNonNull(explicit, "explicit");
    Objects.requireNonNull(limits, "limits");
    runtime.requireOpen();
    FunctionKey key = new FunctionKey(explicit, limits);
    UdfFunction existing = functions.get(key);
    if (existing != null && !existing.isClosed()) {
      return existing;
    }
    Optional<String> problem = FunctionSignatures.problem(code.module(), explicit);
    if (problem.isPresent()) {
      throw UdfErrors.invalidModule(sha256(), problem.get());
    }
    return functions.compute(
        key,
        (k, current) ->
            current != null && !current.isClosed()
                ? current
                : new UdfFunction(runtime, this, code, explicit, limits));
  }

  @Override
  public String toString() {
    return "UdfModule["
        + sha256().substring(0, 12)
        + ", "
        + compilation().mode().name().toLowerCase(Locale.ROOT)
        + ", functions="
        + code.descriptors().stream().map(FunctionDescriptor::name).toList()
        + "]";
  }
}
