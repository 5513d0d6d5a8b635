/**
 * Running SQL for the server's endpoints: pooled connections to the embedded engine, the kind of a
 * statement, and results turned into bounded Arrow batches one at a time.
 */
package io.sluice.server.sql;
