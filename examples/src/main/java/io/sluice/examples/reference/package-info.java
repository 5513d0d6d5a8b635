/**
 * Pure-Java references of the example UDFs in {@code examples/udfs}: the same logic as the C
 * functions, case for case, so that tests can compare what a wasm function returns with what Java
 * computes from the same input. Each class names the C source it mirrors.
 */
package io.sluice.examples.reference;
