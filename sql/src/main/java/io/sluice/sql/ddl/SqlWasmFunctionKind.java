package io.sluice.sql.ddl;

/** What a {@code CREATE FUNCTION|AGGREGATE ... USING WASM} defines. */
public enum SqlWasmFunctionKind {
  /** A scalar function: one value per row. */
  SCALAR,
  /** A table function: zero or more rows per input row ({@code RETURNS TABLE (...)}). */
  TABLE,
  /** An aggregate ({@code CREATE AGGREGATE}). */
  AGGREGATE
}
