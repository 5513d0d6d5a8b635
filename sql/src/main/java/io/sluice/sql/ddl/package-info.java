/**
 * Parse trees of Sluice's own statements ({@code CREATE TABLE ... SHARDS}, {@code CREATE FUNCTION
 * ... USING WASM}, {@code SHOW}, {@code EXPLAIN ANALYZE}), produced by the generated parser in
 * {@code io.sluice.sql.parser.impl}.
 */
package io.sluice.sql.ddl;
