package io.sluice.sql.function;

/** Makes the Calcite function that stands for a wasm function version. */
public final class WasmFunctions {
  private WasmFunctions() {}

  /**
   * @param version a function version
   * @return a scalar, table or aggregate function for Calcite's schema, pinned to the version
   */
  public static WasmFunction calciteFunction(WasmFunctionVersion version) {
    switch (version.definition().descriptor().kind()) {
      case TABLE:
        return new WasmTableFunction(version);
      case AGGREGATE:
        return new WasmAggregateFunction(version);
      default:
        return new WasmScalarFunction(version);
    }
  }
}
