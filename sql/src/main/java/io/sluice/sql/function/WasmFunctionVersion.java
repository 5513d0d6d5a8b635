package io.sluice.sql.function;

import io.sluice.udf.UdfFunction;
import io.sluice.udf.UdfModule;
import io.sluice.udf.UdfOptions;
import io.sluice.udf.UdfRuntime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One version of a wasm function: what queries pin when they are planned. The sandbox function is
 * made (module loaded from the compile cache, instance pool created) on first use.
 *
 * <p>Reference counted: the catalog holds one reference while the version is current, every running
 * query one more. CREATE OR REPLACE and DROP release the catalog's; the sandbox function is closed
 * when the last running query using the version ends, so a running query always finishes on the
 * version it started with.
 */
public final class WasmFunctionVersion {
  private static final AtomicLong IDS = new AtomicLong();

  private final long id = IDS.incrementAndGet();
  private final WasmFunctionDefinition definition;
  private final UdfRuntime runtime;
  private final Supplier<byte[]> moduleBytes;
  private final AtomicInteger references = new AtomicInteger(1);
  private UdfFunction function;
  private byte[] retiredModuleBytes;

  WasmFunctionVersion(
      WasmFunctionDefinition definition,
      UdfRuntime runtime,
      Supplier<byte[]> moduleBytes,
      UdfFunction loaded) {
    this.definition = definition;
    this.runtime = runtime;
    this.moduleBytes = moduleBytes;
    this.function = loaded;
  }

  /**
   * @return a process-unique id, for generated code to find the version
   */
  public long id() {
    return id;
  }

  /**
   * @return the stored definition
   */
  public WasmFunctionDefinition definition() {
    return definition;
  }

  /**
   * @return the function's SQL name
   */
  public String name() {
    return definition.name();
  }

  /**
   * @return the sandbox function, made on first use
   * @throws IllegalStateException when the version was replaced or dropped and no query holds it
   */
  public synchronized UdfFunction function() {
    if (references.get() <= 0) {
      throw new IllegalStateException(
          "function "
              + name()
              + " was replaced or dropped after this statement was prepared; prepare it again");
    }
    if (function == null) {
      byte[] bytes = retiredModuleBytes != null ? retiredModuleBytes : moduleBytes.get();
      UdfModule module =
          runtime.load(bytes, UdfOptions.builder().limits(definition.limits()).build());
      function = module.function(definition.descriptor(), definition.limits());
      retiredModuleBytes = null;
    }
    return function;
  }

  /**
   * Called as the version leaves the catalog (CREATE OR REPLACE, DROP), whose write may delete the
   * stored module: a version not compiled yet keeps the bytes in memory, so a query that pinned it
   * can still make its sandbox function from them.
   *
   * @param catalogBytes reads the module's stored bytes, before they are deleted
   */
  synchronized void retire(Supplier<byte[]> catalogBytes) {
    // Whether or not a query holds the version now: one may pin it before the catalog lets go.
    if (function == null) {
      retiredModuleBytes = catalogBytes.get();
    }
  }

  /**
   * Reads the runtime statistics without making the sandbox function, and without failing when a
   * concurrent REPLACE or DROP has just retired the version.
   *
   * @return the statistics, or empty when the function was never used
   */
  public synchronized java.util.Optional<io.sluice.udf.UdfStats> stats() {
    return function == null ? java.util.Optional.empty() : java.util.Optional.of(function.stats());
  }

  /**
   * Takes a reference for a running query.
   *
   * @return false when the version is already closed
   */
  public boolean retain() {
    while (true) {
      int current = references.get();
      if (current <= 0) {
        return false;
      }
      if (references.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Gives a reference back; the last one closes the sandbox function. */
  public void release() {
    if (references.decrementAndGet() == 0) {
      FunctionHandles.forget(this);
      synchronized (this) {
        retiredModuleBytes = null;
        if (function != null) {
          function.close();
        }
      }
    }
  }

  @Override
  public String toString() {
    return name() + "@" + definition.moduleSha256().substring(0, 12);
  }
}
