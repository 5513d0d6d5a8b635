/**
 * The Arrow Flight SQL endpoint: a {@link org.apache.arrow.flight.sql.FlightSqlProducer} that runs
 * statements through the embedded engine and streams results as Arrow batches with backpressure,
 * plus the metadata JDBC and ADBC clients ask for.
 */
package io.sluice.server.flight;
