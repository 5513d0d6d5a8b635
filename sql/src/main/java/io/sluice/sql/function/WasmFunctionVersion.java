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
      UdfModule module =
          runtime.load(moduleBytes.get(), UdfOptions.builder().limits(definition.limits()).build());
      function = module.function(definition.descriptor(), definition.limits());
    }
    return function;
  }

  /**
   * @return whether the sandbox function exists already (it is made on first use)
   */
  public synchronized boolean isLoaded() {
    return function != null;
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
