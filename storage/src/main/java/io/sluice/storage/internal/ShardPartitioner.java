package io.sluice.storage.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Splits an appended batch into chunk-sized slices per shard.
 *
 * <p>With a distribution key, each row goes to the shard of its key's {@link ShardHash}; rows are
 * gathered into one batch per shard, keeping their order. Without one, distribution is round-robin
 * by chunk: the batch is cut into chunks of the table's chunk size, handed to consecutive shards
 * starting after the shard the previous batch ended on, so no row is copied and rows appended in
 * order stay in order within a chunk (which keeps statistics tight).
 */
final class ShardPartitioner implements AutoCloseable {

  private final List<ChunkSlice> slices = new ArrayList<>();
  private final List<VectorSchemaRoot> gathered = new ArrayList<>();

  private ShardPartitioner() {}

  /**
   * @param table the table
   * @param batch the validated batch, with at least one row
   * @param allocator where gathered per-shard batches are allocated
   * @return the partition; closing it frees the gathered batches
   */
  static ShardPartitioner partition(
      TableState table, VectorSchemaRoot batch, BufferAllocator allocator) {
    ShardPartitioner partition = new ShardPartitioner();
    try {
      int shards = table.definition().shardCount();
      int chunkRows = table.definition().chunkRows();
      if (table.distributionColumn() < 0 || shards == 1) {
        long next = table.roundRobin().getAndAdd((batch.getRowCount() + chunkRows - 1) / chunkRows);
        for (int start = 0; start < batch.getRowCount(); start += chunkRows) {
          int count = Math.min(chunkRows, batch.getRowCount() - start);
          int shard = (int) Math.floorMod(next++, (long) shards);
          partition.slices.add(new ChunkSlice(shard, batch, start, count));
        }
      } else {
        partition.gather(table, batch, allocator, shards, chunkRows);
      }
      return partition;
    } catch (RuntimeException e) {
      partition.close();
      throw e;
    }
  }

  private void gather(
      TableState table,
      VectorSchemaRoot batch,
      BufferAllocator allocator,
      int shards,
      int chunkRows) {
    int rows = batch.getRowCount();
    FieldVector key = batch.getVector(table.distributionColumn());
    int[] shardOfRow = new int[rows];
    int[] counts = new int[shards];
    for (int row = 0; row < rows; row++) {
      int shard = ShardHash.shard(key, table.type(table.distributionColumn()), row, shards);
      shardOfRow[row] = shard;
      counts[shard]++;
    }
    for (int shard = 0; shard < shards; shard++) {
      if (counts[shard] == 0) {
        continue;
      }
      VectorSchemaRoot target = VectorSchemaRoot.create(batch.getSchema(), allocator);
      gathered.add(target);
      for (int column = 0; column < batch.getFieldVectors().size(); column++) {
        FieldVector from = batch.getVector(column);
        FieldVector to = target.getVector(column);
        to.setInitialCapacity(counts[shard]);
        to.allocateNew();
        int written = 0;
        for (int row = 0; row < rows; row++) {
          if (shardOfRow[row] == shard) {
            to.copyFromSafe(row, written++, from);
          }
        }
        to.setValueCount(written);
      }
      target.setRowCount(counts[shard]);
      for (int start = 0; start < counts[shard]; start += chunkRows) {
        slices.add(
            new ChunkSlice(shard, target, start, Math.min(chunkRows, counts[shard] - start)));
      }
    }
  }

  /**
   * @return the slices, each at most one chunk
   */
  List<ChunkSlice> slices() {
    return slices;
  }

  @Override
  public void close() {
    for (VectorSchemaRoot root : gathered) {
      root.close();
    }
    gathered.clear();
  }
}
