package io.sluice.sql.exec.vector;

/**
 * An operator's output, pulled a batch at a time. Work starts on the first {@link #next}; {@link
 * #close} stops it (also when the consumer stops early) and releases what the operator holds.
 */
public interface BatchStream extends AutoCloseable {

  /**
   * @return the next batch, of at least one row, or null when there are no more
   */
  Batch next();

  @Override
  void close();
}
