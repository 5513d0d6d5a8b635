package io.sluice.sql.function;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets code that Calcite generates find a function version by a numeric id (generated code can hold
 * numbers, not objects). A version stays findable until its last reference is released.
 */
final class FunctionHandles {
  private static final Map<Long, WasmFunctionVersion> VERSIONS = new ConcurrentHashMap<>();

  private FunctionHandles() {}

  static long register(WasmFunctionVersion version) {
    VERSIONS.putIfAbsent(version.id(), version);
    return version.id();
  }

  static WasmFunctionVersion get(long id) {
    WasmFunctionVersion version = VERSIONS.get(id);
    if (version == null) {
      throw new IllegalStateException(
          "a wasm function of this statement was replaced or dropped; prepare the statement again");
    }
    return version;
  }

  static void forget(WasmFunctionVersion version) {
    VERSIONS.remove(version.id());
  }
}
