package io.sluice.storage.internal;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rows that become one chunk: a contiguous range of a batch, bound for one shard.
 *
 * @param shard the shard
 * @param rows the batch holding the rows
 * @param start the first row
 * @param count how many rows
 */
record ChunkSlice(int shard, VectorSchemaRoot rows, int start, int count) {}
