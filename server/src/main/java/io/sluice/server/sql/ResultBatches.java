package io.sluice.server.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Turns a JDBC result into Arrow batches, one at a time, into a single reused {@link
 * VectorSchemaRoot}: a batch ends at {@code maxRows} rows or once its buffers pass {@code
 * maxBytes}, so memory stays bounded however large the result. The caller sends (or writes) the
 * root after each {@link #next()} before asking for the next batch; the root and the result stay
 * the caller's to close.
 */
public final class ResultBatches {
  /** How often (in rows) the size of the batch's buffers is checked against the byte bound. */
  private static final int SIZE_CHECK_ROWS = 1024;

  private final ResultSet results;
  private final VectorSchemaRoot root;
  private final ColumnWriter[] writers;
  private final int maxRows;
  private final long maxBytes;
  private boolean exhausted;
  private long rows;

  /**
   * @param results the result to read
   * @param root where batches are written, created from the result's {@link
   *     ColumnTypes#resultSchema}
   * @param maxRows the most rows per batch
   * @param maxBytes the buffer size after which a batch ends early
   */
  public ResultBatches(ResultSet results, VectorSchemaRoot root, int maxRows, long maxBytes) {
    this.results = results;
    this.root = root;
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
    List<FieldVector> vectors = root.getFieldVectors();
    List<ColumnWriter> list = new ArrayList<>();
    for (int c = 0; c < vectors.size(); c++) {
      list.add(ColumnWriter.of(vectors.get(c), c + 1));
    }
    this.writers = list.toArray(new ColumnWriter[0]);
  }

  /**
   * @return the root every batch is written into
   */
  public VectorSchemaRoot root() {
    return root;
  }

  /**
   * @return rows read so far
   */
  public long rows() {
    return rows;
  }

  /**
   * Fills the root with the next batch.
   *
   * @return false when the result has no more rows (the root is then empty)
   * @throws SQLException if reading the result fails
   */
  public boolean next() throws SQLException {
    try {
      return fill();
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      throw SqlFailure.wrap(e);
    }
  }

  private boolean fill() throws SQLException {
    root.allocateNew();
    if (exhausted) {
      root.setRowCount(0);
      return false;
    }
    int row = 0;
    while (row < maxRows) {
      if (!results.next()) {
        exhausted = true;
        break;
      }
      for (ColumnWriter writer : writers) {
        writer.write(results, row);
      }
      row++;
      if (row % SIZE_CHECK_ROWS == 0 && bufferBytes() >= maxBytes) {
        break;
      }
    }
    root.setRowCount(row);
    rows += row;
    return row > 0;
  }

  private long bufferBytes() {
    long bytes = 0;
    for (FieldVector vector : root.getFieldVectors()) {
      bytes += vector.getBufferSize();
    }
    return bytes;
  }
}
