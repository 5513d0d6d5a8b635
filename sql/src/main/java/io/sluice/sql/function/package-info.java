/**
 * Wasm functions in SQL: their durable catalog, the Calcite functions that stand for them, and how
 * they are called, batch by batch on shards or row by row on the coordinator.
 */
package io.sluice.sql.function;
