/**
 * Table and column statistics for the planner: row counts, null counts and distinct-value sketches
 * gathered by {@code ANALYZE} and kept in the store's metadata.
 */
package io.sluice.sql.stats;
