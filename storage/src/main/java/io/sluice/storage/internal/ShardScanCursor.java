package io.sluice.storage.internal;

import io.sluice.storage.CorruptStoreException;
import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanStatistics;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.rocksdb.RocksDB;

/**
 * Scans one shard of a table on a RocksDB snapshot: walks the shard's chunk headers in chunk order,
 * skips chunks whose statistics rule them out, reads only the needed column values of the others
 * straight into Arrow memory, and filters their rows.
 *
 * <p>All memory comes from a child allocator named after the table and shard, closed with the
 * cursor, so a leak is attributable.
 */
public final class ShardScanCursor implements ScanCursor {

  private final ScanPlan plan;
  private final TableState table;
  private final int shard;
  private final ScanCounters counters;
  private final Runnable onClose;
  private final String where;
  private final BufferAllocator allocator;
  private final RocksDbSnapshotReader reader;
  private final RocksDbSnapshotReader.Range headers;
  private final ByteBuffer key = ByteBuffer.allocateDirect(Keys.COLUMN_KEY_BYTES);
  private VectorSchemaRoot current;
  private boolean closed;

  ShardScanCursor(
      ScanPlan plan,
      int shard,
      RocksDbDatabase database,
      BufferAllocator parent,
      ScanCounters counters,
      Runnable onClose) {
    this.plan = plan;
    this.table = plan.table();
    this.shard = shard;
    this.counters = counters;
    this.onClose = onClose;
    this.where = "scanning table '" + table.name() + "' shard " + shard;
    table.checkNotDropped();
    this.allocator = parent.newChildAllocator(where, 0, Long.MAX_VALUE);
    RocksDbSnapshotReader opened = null;
    try {
      opened = database.openSnapshotReader(where);
      this.headers =
          opened.range(
              RocksDbDatabase.Family.CHUNKS,
              Keys.shardStart(table.id(), shard),
              Keys.shardEnd(table.id(), shard));
      this.reader = opened;
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      allocator.close();
      throw e;
    }
    counters.shards.increment();
  }

  /**
   * Opens a cursor on one shard.
   *
   * @param plan the bound scan
   * @param shard the shard
   * @param database the store's database
   * @param allocator the parent of the cursor's allocator
   * @param onClose run once when the cursor closes
   * @return the cursor
   */
  public static ShardScanCursor open(
      ScanPlan plan,
      int shard,
      RocksDbDatabase database,
      BufferAllocator allocator,
      Runnable onClose) {
    return new ShardScanCursor(plan, shard, database, allocator, new ScanCounters(), onClose);
  }

  @Override
  public synchronized boolean next() {
    checkOpen();
    closeCurrent();
    while (headers.valid()) {
      byte[] headerKey = headers.key();
      if (Keys.kind(headerKey) != Keys.KIND_HEADER) {
        headers.next(); // reserved kinds (future deletion vectors) are not chunks
        continue;
      }
      byte[] value = headers.value();
      headers.next();
      counters.chunksTotal.increment();
      counters.bytesRead.add(value.length);
      ChunkHeader header = decodeHeader(Keys.chunkId(headerKey), value);
      if (!plan.mayMatch(header)) {
        counters.chunksSkipped.increment();
        continue;
      }
      counters.chunksRead.increment();
      counters.rowsRead.add(header.rowCount());
      VectorSchemaRoot output = plan.finish(readChunk(header), allocator);
      if (output != null) {
        current = output;
        counters.rowsReturned.add(output.getRowCount());
        return true;
      }
    }
    return false;
  }

  private ChunkHeader decodeHeader(long chunkId, byte[] value) {
    try {
      return ChunkHeaderCodec.decode(chunkId, value, table.definition().schema().getFields());
    } catch (RuntimeException e) {
      throw new CorruptStoreException(
          where + ": the header of chunk " + chunkId + " is corrupt: " + e.getMessage(), e);
    }
  }

  private VectorSchemaRoot readChunk(ChunkHeader header) {
    List<Field> fields = table.definition().schema().getFields();
    VectorSchemaRoot read = VectorSchemaRoot.create(plan.readSchema(), allocator);
    try {
      int[] columns = plan.readColumns();
      for (int i = 0; i < columns.length; i++) {
        int column = columns[i];
        String what =
            where
                + ", chunk "
                + header.chunkId()
                + ", column '"
                + fields.get(column).getName()
                + "'";
        int size = header.valueBytes()[column];
        try (ArrowBuf value = allocator.buffer(size)) {
          Keys.column(key, table.id(), shard, header.chunkId(), column);
          int found = reader.get(RocksDbDatabase.Family.COLUMNS, key, value.nioBuffer(0, size));
          if (found == RocksDB.NOT_FOUND || found != size) {
            throw new CorruptStoreException(
                what
                    + ": the column value is "
                    + (found == RocksDB.NOT_FOUND ? "missing" : found + " bytes")
                    + ", its chunk header says "
                    + size
                    + " bytes");
          }
          value.writerIndex(size);
          counters.columnValuesRead.increment();
          counters.bytesRead.add(size);
          ColumnChunkDecoder.decode(
              value,
              table.type(column),
              header.rowCount(),
              header.statistics()[column].nullCount(),
              table.definition().compression(),
              read.getVector(i),
              allocator);
        } catch (IllegalArgumentException e) {
          throw new CorruptStoreException(
              what + ": the column value is corrupt: " + e.getMessage(), e);
        }
      }
      read.setRowCount(header.rowCount());
      return read;
    } catch (RuntimeException e) {
      read.close();
      throw e;
    }
  }

  @Override
  public synchronized VectorSchemaRoot batch() {
    if (current == null) {
      throw new IllegalStateException(where + ": no current batch (call next() first)");
    }
    return current;
  }

  @Override
  public int shard() {
    batch();
    return shard;
  }

  @Override
  public ScanStatistics statistics() {
    return counters.snapshot();
  }

  private void closeCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(where + ": the cursor is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeCurrent();
      reader.close();
    } finally {
      allocator.close();
      onClose.run();
    }
  }
}
