/**
 * The engine comparison runner: TPC-H and the demo's events on Sluice and DuckDB in one JVM, the
 * ratio table benchmarks/RESULTS.md reports.
 */
package io.sluice.benchmarks.compare;
