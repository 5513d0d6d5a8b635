/**
 * JMH suites of the wasm UDF runtime: throughput of one function as a Java loop, on the batch and
 * row ABIs and in Chicory's interpreter; latency of compiling, instantiating, acquiring a pooled
 * instance and starting a native process; and the per-row / per-batch cost model. Figures and how
 * to reproduce them are in {@code benchmarks/RESULTS.md}, section "UDF runtime".
 */
package io.sluice.benchmarks.udf;
