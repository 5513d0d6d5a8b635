package io.sluice.connectors.internal;

import io.sluice.connectors.BatchSource;
import io.sluice.connectors.SourceStatistics;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What every file reader keeps the same way: its current batch, the rows it read and left out, the
 * files it opened, and the statistics made of them.
 */
abstract class ReadingSource implements BatchSource {
  /** Where rows that cannot be read go: the failure, or the count and reasons of skipped rows. */
  protected final RowErrors errors;

  /** The size of every file to read, for progress. */
  protected final long totalBytes;

  /** The batch {@link #batch()} returns; the reader owns it and releases it on the next read. */
  protected VectorSchemaRoot batch;

  protected long rowsRead;
  protected int filesOpened;

  ReadingSource(RowErrors errors, long totalBytes) {
    this.errors = errors;
    this.totalBytes = totalBytes;
  }

  /**
   * @return the bytes of the files read so far (may be read from another thread, for progress)
   */
  protected abstract long bytesRead();

  /**
   * @return Parquet row groups or Arrow batches considered so far
   */
  protected long rowGroups() {
    return 0;
  }

  /**
   * @return of those, the ones statistics ruled out
   */
  protected long rowGroupsSkipped() {
    return 0;
  }

  @Override
  public VectorSchemaRoot batch() {
    if (batch == null) {
      throw new IllegalStateException("no current batch");
    }
    return batch;
  }

  @Override
  public SourceStatistics statistics() {
    return new SourceStatistics(
        filesOpened,
        bytesRead(),
        totalBytes,
        rowsRead,
        errors.skipped(),
        rowGroups(),
        rowGroupsSkipped());
  }

  @Override
  public List<String> skippedReasons() {
    return errors.reasons();
  }

  /** Closes the current batch, if any. */
  protected void releaseBatch() {
    if (batch != null) {
      batch.close();
      batch = null;
    }
  }
}
