/**
 * The SHARD convention: relational operators that run on every shard, next to the data (scan,
 * filter, project with wasm calls, partial aggregate), the rules that push Calcite's logical
 * operators into it, and the converter that hands shard results to Calcite's enumerable operators
 * on the coordinator.
 */
package io.sluice.sql.plan;
