/**
 * The coordinator's vectorized operators: hash joins, hash aggregates and calcs that work a batch
 * of {@link io.sluice.sql.exec.Column}s at a time, with typed keys and states, between the shards'
 * results and the client. {@link io.sluice.sql.exec.vector.VectorPlan} describes a tree of them;
 * {@link io.sluice.sql.exec.vector.VectorExecution} runs it from the code Calcite generates.
 */
package io.sluice.sql.exec.vector;
