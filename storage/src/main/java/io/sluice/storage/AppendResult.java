package io.sluice.storage;

/**
 * What one acknowledged append wrote.
 *
 * @param rows rows appended
 * @param chunks chunks written, over all shards
 * @param bytes bytes of chunk headers and column values handed to RocksDB
 */
public record AppendResult(long rows, int chunks, long bytes) {}
