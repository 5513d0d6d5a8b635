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

  /**
   * @param ordinal an input of the operator, as {@link VectorPlan.FilterRoute#path} counts them
   * @return that input's stream, or null when the operator has no such input
   */
  default BatchStream input(int ordinal) {
    return null;
  }

  @Override
  void close();
}
