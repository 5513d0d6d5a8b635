/** Benchmarks of SQL over Sluice: what pushing wasm functions to the shards saves. */
package io.sluice.benchmarks.sql;
