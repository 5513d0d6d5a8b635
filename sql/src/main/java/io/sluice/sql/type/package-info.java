/**
 * SQL types of Sluice: how Calcite's types map to the Arrow types tables store, and how values move
 * between Arrow vectors and the Java objects Calcite's operators use.
 */
package io.sluice.sql.type;
