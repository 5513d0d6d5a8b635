/** SQL over Sluice tables and wasm functions, planned by Apache Calcite. */
package io.sluice.sql;
