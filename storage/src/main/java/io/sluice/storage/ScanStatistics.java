package io.sluice.storage;

/**
 * What a scan did so far: chunks considered, skipped by statistics and read, and what reading cost.
 *
 * @param shards shards whose scan was started
 * @param chunksTotal chunk headers examined
 * @param chunksSkipped chunks skipped because their statistics prove no row can match
 * @param chunksRead chunks whose column values were read
 * @param columnValuesRead RocksDB reads of column values (one per column per chunk read)
 * @param bytesRead bytes read from RocksDB, chunk headers included
 * @param rowsRead rows in the chunks read, before exact row filtering
 * @param rowsReturned rows in the batches handed to the caller
 */
public record ScanStatistics(
    int shards,
    long chunksTotal,
    long chunksSkipped,
    long chunksRead,
    long columnValuesRead,
    long bytesRead,
    long rowsRead,
    long rowsReturned) {}
