/**
 * Shard-side execution: a pushed fragment (scan, filter, project, partial aggregate, wasm calls)
 * runs vectorized over Arrow batches on each shard, in parallel; the coordinator side turns the
 * fragments' batches into rows for Calcite's operators and counts what moved.
 */
package io.sluice.sql.exec;
