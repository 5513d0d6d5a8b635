package io.sluice.storage.internal;

/**
 * The header of one chunk: its row count, and per column the size of its stored value and its
 * statistics. A scan reads headers only, and reads column values only for chunks it cannot skip.
 *
 * @param chunkId the chunk's id within its shard (from its key; not part of the stored value)
 * @param rowCount rows in the chunk
 * @param valueBytes per column, the size in bytes of its RocksDB value
 * @param statistics per column, its statistics
 */
public record ChunkHeader(
    long chunkId, int rowCount, int[] valueBytes, ColumnStatistics[] statistics) {}
