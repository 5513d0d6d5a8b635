package io.sluice.storage.internal;

import io.sluice.storage.AppendResult;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Appends one Arrow batch to a table as one RocksDB write batch: every chunk of every shard, header
 * and column values, becomes visible at once or not at all, and the append returns only once the
 * write is as durable as the store's durability setting says.
 */
public final class BatchAppender {

  private BatchAppender() {}

  /**
   * @param table the table
   * @param batch the rows; read, never modified
   * @param database the store's database
   * @return what was written
   */
  public static AppendResult append(
      TableState table, VectorSchemaRoot batch, RocksDbDatabase database) {
    return appendAll(table, List.of(batch), database);
  }

  /**
   * Appends several batches in one RocksDB write batch: after a crash either all of their rows are
   * there or none is.
   *
   * @param table the table
   * @param batches the rows; read, never modified
   * @param database the store's database
   * @return what was written, summed over the batches
   */
  public static AppendResult appendAll(
      TableState table, List<VectorSchemaRoot> batches, RocksDbDatabase database) {
    long rows = 0;
    for (VectorSchemaRoot batch : batches) {
      BatchValidator.validate(table, batch);
      rows += batch.getRowCount();
    }
    if (rows == 0) {
      return new AppendResult(0, 0, 0);
    }
    String operation = "appending to table '" + table.name() + "'";
    Lock lock = table.lockForAppend();
    try (WriteBatch writes = database.newBatch()) {
      long bytes = 0;
      int chunks = 0;
      ByteBuffer key = ByteBuffer.allocateDirect(Keys.COLUMN_KEY_BYTES);
      for (VectorSchemaRoot batch : batches) {
        if (batch.getRowCount() == 0) {
          continue;
        }
        BufferAllocator parent = batch.getFieldVectors().get(0).getAllocator();
        try (BufferAllocator allocator = parent.newChildAllocator(operation, 0, Long.MAX_VALUE);
            ShardPartitioner partition = ShardPartitioner.partition(table, batch, allocator)) {
          for (ChunkSlice slice : partition.slices()) {
            long chunkId = table.nextChunkId(slice.shard(), database);
            bytes += writeChunk(table, slice, chunkId, writes, database, key, allocator);
          }
          chunks += partition.slices().size();
        }
      }
      database.write(writes, false, operation);
      table.addRows(rows);
      return new AppendResult(rows, chunks, bytes);
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  private static long writeChunk(
      TableState table,
      ChunkSlice slice,
      long chunkId,
      WriteBatch writes,
      RocksDbDatabase database,
      ByteBuffer key,
      BufferAllocator allocator)
      throws RocksDBException {
    List<Field> fields = table.definition().schema().getFields();
    ColumnFamilyHandle columns = database.handle(RocksDbDatabase.Family.COLUMNS);
    int[] valueBytes = new int[fields.size()];
    ColumnStatistics[] statistics = new ColumnStatistics[fields.size()];
    long bytes = 0;
    for (int column = 0; column < fields.size(); column++) {
      FieldVector vector = slice.rows().getVector(column);
      statistics[column] =
          StatisticsCollector.collect(vector, table.type(column), slice.start(), slice.count());
      try (ArrowBuf value =
          ColumnChunkEncoder.encode(
              vector,
              table.type(column),
              slice.start(),
              slice.count(),
              statistics[column].nullCount(),
              table.definition().compression(),
              allocator)) {
        if (value.writerIndex() > Integer.MAX_VALUE - 64) {
          throw new StorageException(
              "table '"
                  + table.name()
                  + "': column '"
                  + fields.get(column).getName()
                  + "' of one chunk is over 2 GiB; define the table with fewer chunk rows");
        }
        valueBytes[column] = (int) value.writerIndex();
        Keys.column(key, table.id(), slice.shard(), chunkId, column);
        writes.put(columns, key, value.nioBuffer(0, valueBytes[column]));
        bytes += valueBytes[column];
      }
    }
    byte[] header =
        ChunkHeaderCodec.encode(
            new ChunkHeader(chunkId, slice.count(), valueBytes, statistics), fields);
    writes.put(
        database.handle(RocksDbDatabase.Family.CHUNKS),
        Keys.chunkHeader(table.id(), slice.shard(), chunkId),
        header);
    return bytes + header.length;
  }
}
