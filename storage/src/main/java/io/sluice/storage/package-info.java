/**
 * Sharded tables of Arrow column chunks kept in RocksDB: the public API.
 *
 * <p>Open a {@link io.sluice.storage.Store} on a data directory, create a {@link
 * io.sluice.storage.Table} from a {@link io.sluice.storage.TableDefinition} (column types from
 * {@link io.sluice.storage.ColumnType}), {@link io.sluice.storage.Table#append append} Arrow
 * batches, and read them back with a {@link io.sluice.storage.ScanSpec} (projection, {@link
 * io.sluice.storage.Predicate}s, shards) through a {@link io.sluice.storage.ScanCursor}. Layout,
 * formats and durability are described in {@code docs/storage.md}.
 */
package io.sluice.storage;
