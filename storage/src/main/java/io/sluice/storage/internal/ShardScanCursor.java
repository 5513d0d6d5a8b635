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
 * Scans one shard of a table on a RocksDB snapshot (its own, or the one a parallel scan shares
 * between its shards): walks the shard's chunk headers in chunk order, skips chunks whose
 * statistics rule them out, reads only the needed column values of the others straight into Arrow
 * memory, and filters their rows.
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
  private final boolean ownsReader;
  private final RocksDbSnapshotReader.Range headers;
  private final ByteBuffer key = ByteBuffer.allocateDirect(Keys.COLUMN_KEY_BYTES);
  private VectorSchemaRoot current;
  private boolean closed;

  /**
   * Opens a cursor on one shard reading a snapshot it does not own (a parallel scan's shared one).
   *
   * @param plan the bound scan
   * @param shard the shard
   * @param reader the snapshot to read; closed by whoever opened it, after this cursor
   * @param parent the parent of the cursor's allocator
   * @param counters where the scan's statistics are counted
   * @param onClose run once when the cursor closes
   */
  ShardScanCursor(
      ScanPlan plan,
      int shard,
      RocksDbSnapshotReader reader,
      BufferAllocator parent,
      ScanCounters counters,
      Runnable onClose) {
    this(plan, shard, reader, false, parent, counters, onClose);
  }

  private ShardScanCursor(
      ScanPlan plan,
      int shard,
      RocksDbSnapshotReader reader,
      boolean ownsReader,
      BufferAllocator parent,
      ScanCounters counters,
      Runnable onClose) {
    this.plan = plan;
    this.table = plan.table();
    this.shard = shard;
    this.counters = counters;
    this.onClose = onClose;
    this.where = "scanning table '" + table.name() + "' shard " + shard;
    this.reader = reader;
    this.ownsReader = ownsReader;
    this.allocator = parent.newChildAllocator(where, 0, Long.MAX_VALUE);
    try {
      this.headers =
          reader.range(
              RocksDbDatabase.Family.CHUNKS,
              Keys.shardStart(table.id(), shard),
              Keys.shardEnd(table.id(), shard));
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    }
    counters.shards.increment();
  }

  /**
   * Opens a cursor on one shard, on a snapshot of its own taken now.
   *
   * @param plan the bound scan
   * @param shard the shard
   * @param database the store's database
   * @param allocator the parent of the cursor's allocator
   * @param onClose run once when the cursor closes
   * @return the cursor
   * @throws io.sluice.storage.TableNotFoundException if the table was dropped
   */
  public static ShardScanCursor open(
      ScanPlan plan,
      int shard,
      RocksDbDatabase database,
      BufferAllocator allocator,
      Runnable onClose) {
    RocksDbSnapshotReader reader =
        plan.table()
            .openSnapshot(database, "scanning table '" + plan.table().name() + "' shard " + shard);
    try {
      return new ShardScanCursor(plan, shard, reader, true, allocator, new ScanCounters(), onClose);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
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
      if (ownsReader) {
        reader.close(); // with its iterators
      } else {
        headers.close(); // the snapshot is shared and stays
      }
    } finally {
      allocator.close();
      onClose.run();
    }
  }
}
