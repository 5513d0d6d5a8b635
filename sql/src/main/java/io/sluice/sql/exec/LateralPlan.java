package io.sluice.sql.exec;

/**
 * What a batched lateral table function computes for each row of its input: the function, which
 * input columns are its arguments, and whether input rows without output are kept (a LEFT lateral
 * join) with NULLs for the function's columns.
 *
 * @param function the table function
 * @param argumentColumns for each argument, the index of the input column that holds it
 * @param functionColumns how many columns the function declares
 * @param outer whether an input row the function maps to no rows is kept, padded with NULLs
 */
public record LateralPlan(
    WasmTableCall function, int[] argumentColumns, int functionColumns, boolean outer) {}
