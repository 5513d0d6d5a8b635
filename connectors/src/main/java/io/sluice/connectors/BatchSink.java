package io.sluice.connectors;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Takes batches and writes them somewhere: a file written in full or not at all. Nothing is visible
 * at the destination until {@link #finish()} returns; closing a sink that was not finished throws
 * away what it wrote. Used by one thread at a time.
 */
public interface BatchSink extends AutoCloseable {

  /**
   * @param batch rows in the sink's schema; read, never modified or kept
   * @throws ConnectorException if writing fails
   */
  void write(VectorSchemaRoot batch);

  /**
   * @return rows written so far
   */
  long rows();

  /**
   * Completes the output and makes it visible (a file replaces any file at its path at once).
   *
   * @return bytes the output takes
   * @throws ConnectorException if completing it fails; nothing is visible then
   */
  long finish();

  /** Throws away the output unless it was finished. Idempotent. */
  @Override
  void close();
}
