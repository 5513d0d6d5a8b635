/**
 * Calcite's view of a Sluice store: the schema of tables, the {@code sys} schema, and the durable
 * catalog of wasm functions.
 */
package io.sluice.sql.catalog;
