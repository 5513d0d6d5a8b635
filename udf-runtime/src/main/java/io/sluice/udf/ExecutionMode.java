package io.sluice.udf;

/** How a module's code runs: compiled to JVM bytecode, or (partly) in Chicory's interpreter. */
public enum ExecutionMode {
  /** Every function was compiled to JVM bytecode: the normal, fast case. */
  COMPILED,
  /**
   * Most functions were compiled, some run in the interpreter (each too large for one JVM method);
   * {@link Compilation#interpretedFunctions()} names them.
   */
  PARTLY_INTERPRETED,
  /**
   * Everything runs in the interpreter, tens of times slower: because it was asked for, or because
   * the compiler failed ({@link Compilation#reason()} says which).
   */
  INTERPRETED
}
