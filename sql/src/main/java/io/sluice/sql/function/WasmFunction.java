package io.sluice.sql.function;

import org.apache.calcite.schema.Function;

/** A Calcite function (scalar, table or aggregate) that stands for one wasm function version. */
public interface WasmFunction extends Function {
  /**
   * @return the version queries planned with this function use
   */
  WasmFunctionVersion version();
}
