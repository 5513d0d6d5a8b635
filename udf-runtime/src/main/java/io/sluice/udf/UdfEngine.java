package io.sluice.udf;

/**
 * What the SQL layer needs from a language's function engine, and nothing more (after Trino's
 * {@code LanguageFunctionEngine}): load a module once, then get its functions from it. {@link
 * UdfRuntime} is the wasm engine; the implementation classes behind it are final and own their
 * resources (compiled code, instance pools, the watchdog thread) until closed.
 */
public interface UdfEngine extends AutoCloseable {

  /**
   * @return the language name used in {@code CREATE FUNCTION ... USING <language>}
   */
  String language();

  /**
   * Loads a module: checks it, compiles it (or takes its compiled code from a cache) and
   * instantiates it once to validate its initialization, so that {@code CREATE FUNCTION} fails
   * rather than the first query.
   *
   * @param bytes the module's bytes
   * @param options limits and execution options for its functions
   * @return the loaded module
   * @throws UdfException INVALID_MODULE when the module cannot be used, naming the reason
   */
  UdfModule load(byte[] bytes, UdfOptions options);

  /** Stops the engine: idle instances are dropped and no new calls are accepted. */
  @Override
  void close();
}
