package io.sluice.connectors;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches read from somewhere, pulled one at a time, every column of a Sluice type. Each batch
 * belongs to the source and stays valid until the next {@link #next()} or {@link #close()}; take
 * its vectors (transfer them) to keep them longer. Used by one thread at a time.
 */
public interface BatchSource extends AutoCloseable {

  /**
   * @return the schema of every batch
   */
  Schema schema();

  /**
   * Advances to the next batch.
   *
   * @return true if there is one, false at the end
   * @throws ConnectorException if the input is malformed or a value does not fit (unless rows are
   *     skipped), naming the file, position, column and value
   */
  boolean next();

  /**
   * @return the current batch
   */
  VectorSchemaRoot batch();

  /**
   * @return what the source has read so far
   */
  SourceStatistics statistics();

  /**
   * @return why the first skipped rows were skipped (at most ten), when rows are skipped
   */
  List<String> skippedReasons();

  /** Releases the current batch and every resource of the source. Idempotent. */
  @Override
  void close();
}
