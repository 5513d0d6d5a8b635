/**
 * JMH benchmarks of the storage engine: ingest and scan rates of a 10M-row table against a plain
 * in-memory Arrow scan of the same data measured in the same run.
 */
package io.sluice.benchmarks.storage;
