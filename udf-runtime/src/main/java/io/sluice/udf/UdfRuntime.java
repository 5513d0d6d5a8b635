package io.sluice.udf;

import io.sluice.udf.internal.CodeRegistry;
import io.sluice.udf.internal.DiskCodeCache;
import io.sluice.udf.internal.Environment;
import io.sluice.udf.internal.InstanceFactory;
import io.sluice.udf.internal.ModuleCompiler;
import io.sluice.udf.internal.Watchdog;
import io.sluice.wasidata.CallMetrics;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wasm UDF sandbox of one process: it loads modules ({@link #load}), compiles each module once
 * (cached in memory by SHA-256, and on disk when given a cache directory, so a restart does not
 * compile again), and runs their functions within limits, on pooled instances, watched by one
 * deadline thread.
 *
 * <pre>{@code
 * try (UdfRuntime runtime = UdfRuntime.builder().cacheDirectory(dataDir.resolve("wasm-cache")).build()) {
 *   UdfModule module = runtime.load(bytes, UdfOptions.defaults());
 *   UdfFunction upper = module.function("upper_ascii");
 *   try (UdfSession query = upper.session()) {          // one instance for the whole query
 *     FieldVector out = query.scalar(batch, allocator);  // the caller owns and closes it
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes every function made from its modules.
 */
public final class UdfRuntime implements UdfEngine {

  private final CodeRegistry registry;
  private final Environment environment;
  private final Set<UdfFunction> functions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private UdfRuntime(Builder b) {
    DiskCodeCache disk = b.cacheDirectory == null ? null : new DiskCodeCache(b.cacheDirectory);
    this.registry = new CodeRegistry(new ModuleCompiler(disk));
    this.environment = new Environment(b.clock, b.random, new Watchdog());
  }

  /**
   * @return a builder: no disk cache, the system UTC clock and a {@link SecureRandom}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return a runtime with the builder's defaults
   */
  public static UdfRuntime create() {
    return builder().build();
  }

  @Override
  public String language() {
    return "WASM";
  }

  /**
   * Loads a module with the default options.
   *
   * @param bytes the module's bytes
   * @return the loaded module
   * @throws UdfException INVALID_MODULE when the module cannot be used, naming the reason
   */
  public UdfModule load(byte[] bytes) {
    return load(bytes, UdfOptions.defaults());
  }

  /**
   * Loads a module: parses and checks it (shape, imports, self-description, signatures), compiles
   * it or takes its compiled code from a cache, then instantiates it once under the options' limits
   * to check that it initializes and speaks ABI v1.
   *
   * @param bytes the module's bytes
   * @param options limits and execution options for its functions
   * @return the loaded module
   * @throws UdfException INVALID_MODULE when the module cannot be used, naming the reason
   * @throws IllegalStateException when the runtime is closed
   */
  @Override
  public UdfModule load(byte[] bytes, UdfOptions options) {
    requireOpen();
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(options, "options");
    CodeRegistry.LoadedCode code = registry.load(bytes, options.interpreterOnly());
    // Instantiating once runs _initialize and reads the guest info: a module that fails there
    // fails CREATE FUNCTION, not the first query.
    new InstanceFactory(code, options.limits(), environment, CallMetrics.NONE).create();
    return new UdfModule(this, code, options);
  }

  /**
   * Forgets a module's compiled code (after {@code DROP FUNCTION}); functions already made from it
   * keep working, and a later load compiles it again (or reads it from the disk cache).
   *
   * @param sha256 the module's hash, in hex
   */
  public void evict(String sha256) {
    registry.evict(sha256);
  }

  /**
   * @return how often modules were compiled, found in memory, or read from the disk cache
   */
  public CacheStats cacheStats() {
    return new CacheStats(
        registry.compilations(), registry.memoryCacheHits(), registry.diskCacheHits());
  }

  /**
   * How the runtime obtained the code of the modules it loaded.
   *
   * @param compilations modules compiled by this runtime
   * @param memoryCacheHits loads that found the module already compiled in memory
   * @param diskCacheHits loads that read the compiled module from the disk cache
   */
  public record CacheStats(long compilations, long memoryCacheHits, long diskCacheHits) {}

  /** Closes every function made from this runtime's modules and stops its watchdog thread. */
  @Override
  public void close() {
    closed = true;
    for (UdfFunction function : functions) {
      function.close();
    }
    environment.watchdog().close();
  }

  Environment environment() {
    return environment;
  }

  void register(UdfFunction function) {
    functions.add(function);
    if (closed) {
      function.close();
    }
  }

  void unregister(UdfFunction function) {
    functions.remove(function);
  }

  void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the UDF runtime is closed");
    }
  }

  /** Configures a {@link UdfRuntime}. */
  public static final class Builder {
    private Path cacheDirectory;
    private Clock clock = Clock.systemUTC();
    private Random random = new SecureRandom();

    private Builder() {}

    /**
     * @param directory where compiled modules are kept across restarts (e.g. {@code
     *     <data>/wasm-cache}); created when missing; null for no disk cache
     * @return this builder
     */
    public Builder cacheDirectory(Path directory) {
      this.cacheDirectory = directory;
      return this;
    }

    /**
     * @param clock what functions granted {@link WasiGrant#CLOCK} read
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param random what functions granted {@link WasiGrant#RANDOM} read (seed it for tests);
     *     shared by all instances, so it must be thread-safe ({@link Random} and {@link
     *     SecureRandom} are)
     * @return this builder
     */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * @return the runtime; it owns a daemon watchdog thread until closed
     */
    public UdfRuntime build() {
      return new UdfRuntime(this);
    }
  }
}
