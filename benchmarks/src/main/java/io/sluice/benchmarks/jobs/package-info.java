/**
 * Batch jobs against the same work in SQL: word count with and without a combiner, and as a lateral
 * table function with GROUP BY. Figures in {@code benchmarks/RESULTS.md}, "Jobs".
 */
package io.sluice.benchmarks.jobs;
