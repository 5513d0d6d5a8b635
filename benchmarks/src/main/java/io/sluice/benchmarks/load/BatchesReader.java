package io.sluice.benchmarks.load;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches held in memory, read again from the start by each new reader: the stream a client
 * application hands to Flight SQL ingest (or DuckDB's Arrow scan) without touching a file.
 */
final class BatchesReader extends ArrowReader {
  private final List<VectorSchemaRoot> batches;
  private final Schema schema;
  private int next;

  BatchesReader(BufferAllocator allocator, Schema schema, List<VectorSchemaRoot> batches) {
    super(allocator);
    this.schema = schema;
    this.batches = batches;
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    prepareLoadNextBatch();
    if (next == batches.size()) {
      return false;
    }
    // The loader takes references to the batch's buffers; the batch itself stays ours.
    loadRecordBatch(new VectorUnloader(batches.get(next++)).getRecordBatch());
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {}
}
