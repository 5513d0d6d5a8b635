/**
 * Benchmarks of getting data in: loading the demo's {@code events} shape from CSV and Parquet
 * files, Flight SQL bulk ingest, {@code INSERT ... VALUES}, and querying a Parquet file in place,
 * each against DuckDB doing the same in the same JVM or against Sluice's own stored table.
 */
package io.sluice.benchmarks.load;
