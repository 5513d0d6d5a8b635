package io.sluice.storage.internal;

import io.sluice.storage.CorruptStoreException;
import io.sluice.storage.MetadataBatch;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableDefinition;
import io.sluice.storage.TableExistsException;
import io.sluice.storage.TableNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The durable list of tables, kept in the catalog column family and cached in memory. Creating and
 * dropping a table are each one fsynced RocksDB write batch.
 *
 * <p>A drop deletes the table's keys with range tombstones in that batch, so it is atomic; deleting
 * the SST files that hold only those keys gives the space back sooner, but such a deletion is seen
 * by every snapshot, so it waits until no scan opened before the drop is still reading ({@link
 * RocksDbDatabase#reclaimWhenUnread}), or until the next open.
 */
public final class Catalog {

  private final RocksDbDatabase database;
  private final Map<String, TableState> tables = new ConcurrentHashMap<>();
  private long nextTableId;

  private Catalog(RocksDbDatabase database) {
    this.database = database;
  }

  /**
   * Loads the catalog, or writes an empty one into a store being created.
   *
   * @param database the store's database
   * @param creating whether the store is being created
   * @return the catalog
   * @throws CorruptStoreException if an entry cannot be decoded; the message names it
   */
  public static Catalog load(RocksDbDatabase database, boolean creating) {
    Catalog catalog = new Catalog(database);
    byte[] version =
        database.get(RocksDbDatabase.Family.CATALOG, Keys.FORMAT_VERSION, "reading the catalog");
    if (version == null && creating) {
      catalog.initialize();
      return catalog;
    }
    if (version == null
        || version.length != 4
        || ByteBuffer.wrap(version).getInt() != DataDirectory.FORMAT_VERSION) {
      throw new CorruptStoreException(
          "the catalog of the store is corrupt: key 'format-version' is missing or not "
              + DataDirectory.FORMAT_VERSION);
    }
    byte[] next =
        database.get(RocksDbDatabase.Family.CATALOG, Keys.NEXT_TABLE_ID, "reading the catalog");
    if (next == null || next.length != 8) {
      throw new CorruptStoreException(
          "the catalog of the store is corrupt: key 'next-table-id' is missing");
    }
    catalog.nextTableId = ByteBuffer.wrap(next).getLong();
    Map<String, byte[]> entries =
        database.readRange(
            RocksDbDatabase.Family.CATALOG,
            Keys.tablesStart(),
            Keys.tablesEnd(),
            "reading the catalog");
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      String name = Keys.tableName(entry.getKey().getBytes(StandardCharsets.ISO_8859_1));
      try {
        long id = TableDefinitionCodec.decodeId(entry.getValue());
        TableDefinition definition = TableDefinitionCodec.decode(entry.getValue());
        if (!definition.name().equals(name) || id <= 0 || id >= catalog.nextTableId) {
          throw new IllegalArgumentException("its name or id does not match its key");
        }
        catalog.tables.put(name, new TableState(id, definition));
      } catch (IOException | RuntimeException e) {
        throw new CorruptStoreException(
            "the catalog entry of table '" + name + "' is corrupt: " + e.getMessage(), e);
      }
    }
    catalog.recoverLoads();
    catalog.reclaimDroppedTables();
    return catalog;
  }

  private void initialize() {
    nextTableId = 1;
    try (WriteBatch batch = database.newBatch()) {
      batch.put(
          database.handle(RocksDbDatabase.Family.CATALOG),
          Keys.FORMAT_VERSION,
          ByteBuffer.allocate(4).putInt(DataDirectory.FORMAT_VERSION).array());
      batch.put(database.handle(RocksDbDatabase.Family.CATALOG), Keys.NEXT_TABLE_ID, longBytes(1));
      database.write(batch, true, "creating the catalog");
    } catch (RocksDBException e) {
      throw database.failure("creating the catalog", e);
    }
  }

  /**
   * @param definition the new table
   * @return its state
   * @throws TableExistsException if the name is taken
   */
  public synchronized TableState create(TableDefinition definition) {
    if (tables.containsKey(definition.name())) {
      throw new TableExistsException(definition.name());
    }
    long id = nextTableId;
    String operation = "creating table '" + definition.name() + "'";
    try (WriteBatch batch = database.newBatch()) {
      batch.put(
          database.handle(RocksDbDatabase.Family.CATALOG),
          Keys.table(definition.name()),
          TableDefinitionCodec.encode(id, definition));
      batch.put(
          database.handle(RocksDbDatabase.Family.CATALOG), Keys.NEXT_TABLE_ID, longBytes(id + 1));
      database.write(batch, true, operation);
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    }
    nextTableId = id + 1;
    TableState state = new TableState(id, definition);
    tables.put(definition.name(), state);
    return state;
  }

  /**
   * Deletes the catalog entry and every chunk of the table in one fsynced batch.
   *
   * @param name the table
   * @return whether it existed
   */
  public synchronized boolean drop(String name) {
    TableState state = tables.get(name);
    if (state == null) {
      return false;
    }
    String operation = "dropping table '" + name + "'";
    Lock lock = state.lockForDrop();
    try (WriteBatch batch = database.newBatch()) {
      batch.delete(database.handle(RocksDbDatabase.Family.CATALOG), Keys.table(name));
      byte[] start = Keys.tableStart(state.id());
      byte[] end = Keys.tableEnd(state.id());
      batch.deleteRange(database.handle(RocksDbDatabase.Family.CHUNKS), start, end);
      batch.deleteRange(database.handle(RocksDbDatabase.Family.COLUMNS), start, end);
      database.write(batch, true, operation);
      state.markDropped();
      tables.remove(name);
      database.reclaimWhenUnread(start, end, operation);
      return true;
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Renames a table in one fsynced write batch, which may also drop the table that had the new name
   * and carry metadata changes: after a crash either all of it happened or none. The table keeps
   * its id, so its chunks stay where they are; only its catalog entry moves.
   *
   * @param from the table's name
   * @param to its new name
   * @param replace whether a table named {@code to} is dropped in the same write
   * @param metadata metadata changes written in the same batch
   * @throws TableNotFoundException if {@code from} does not exist
   * @throws TableExistsException if {@code to} exists and {@code replace} is false
   * @throws IllegalArgumentException if the names are equal or {@code to} is not a valid name
   */
  public synchronized void rename(String from, String to, boolean replace, MetadataBatch metadata) {
    TableState source = get(from);
    if (from.equals(to)) {
      throw new IllegalArgumentException("cannot rename table '" + from + "' to its own name");
    }
    TableState replaced = tables.get(to);
    if (replaced != null && !replace) {
      throw new TableExistsException(to);
    }
    TableDefinition old = source.definition();
    TableDefinition renamed =
        new TableDefinition(
            to,
            old.schema(),
            old.shardCount(),
            old.distributionKey(),
            old.chunkRows(),
            old.compression());
    String operation = "renaming table '" + from + "' to '" + to + "'";
    // Exclusive locks: no append may be in flight into either table while its name changes hands.
    Lock sourceLock = source.lockForDrop();
    Lock replacedLock = replaced == null ? null : replaced.lockForDrop();
    try (WriteBatch batch = database.newBatch()) {
      ColumnFamilyHandle catalogFamily = database.handle(RocksDbDatabase.Family.CATALOG);
      batch.delete(catalogFamily, Keys.table(from));
      batch.put(catalogFamily, Keys.table(to), TableDefinitionCodec.encode(source.id(), renamed));
      if (replaced != null) {
        batch.deleteRange(
            database.handle(RocksDbDatabase.Family.CHUNKS),
            Keys.tableStart(replaced.id()),
            Keys.tableEnd(replaced.id()));
        batch.deleteRange(
            database.handle(RocksDbDatabase.Family.COLUMNS),
            Keys.tableStart(replaced.id()),
            Keys.tableEnd(replaced.id()));
      }
      RocksDbMetadataStore.addTo(batch, database, metadata);
      database.write(batch, true, operation);
      source.markRenamed(to);
      tables.remove(from);
      tables.put(to, new TableState(source.id(), renamed));
      if (replaced != null) {
        replaced.markDropped();
        database.reclaimWhenUnread(
            Keys.tableStart(replaced.id()), Keys.tableEnd(replaced.id()), operation);
      }
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    } finally {
      if (replacedLock != null) {
        replacedLock.unlock();
      }
      sourceLock.unlock();
    }
  }

  /**
   * Starts a bulk load that creates its table when it commits: reserves a table id (never reused)
   * and records the load, in one fsynced write.
   *
   * @param loadId the load's id
   * @return the load's marker, naming the reserved table id
   */
  public synchronized LoadMarker startNewTableLoad(String loadId) {
    long id = nextTableId;
    LoadMarker marker = new LoadMarker(loadId, id, true, List.of());
    String operation = "starting a load into a new table";
    try (WriteBatch batch = database.newBatch()) {
      batch.put(
          database.handle(RocksDbDatabase.Family.CATALOG), Keys.NEXT_TABLE_ID, longBytes(id + 1));
      batch.put(
          database.handle(RocksDbDatabase.Family.CATALOG), Keys.load(loadId), marker.encode());
      database.write(batch, true, operation);
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    }
    nextTableId = id + 1;
    return marker;
  }

  /**
   * Records (fsynced) what a load may write from now on, before it writes it.
   *
   * @param marker the load's marker with every block it reserved
   */
  public void recordLoad(LoadMarker marker) {
    String operation = "recording a load into table id " + marker.tableId();
    try (WriteBatch batch = database.newBatch()) {
      batch.put(
          database.handle(RocksDbDatabase.Family.CATALOG),
          Keys.load(marker.loadId()),
          marker.encode());
      database.write(batch, true, operation);
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    }
  }

  /**
   * Commits a load: writes its chunk headers (which make its column values visible), creates its
   * table if it is new (dropping the table of that name if {@code replace}), and deletes its
   * marker, all in one fsynced write.
   *
   * @param marker the load's marker
   * @param state the table's state: the live one, or a new one for a table the load creates
   * @param replace for a new table: drop a table of the same name in the same write
   * @param headers the chunk headers, already in the batch; the batch is written here
   * @throws TableExistsException if the load creates a table whose name is taken and not replace
   */
  public synchronized void commitLoad(
      LoadMarker marker, TableState state, boolean replace, WriteBatch headers) {
    String name = state.name();
    String operation = "committing a load into table '" + name + "'";
    TableState replaced = marker.newTable() ? tables.get(name) : null;
    if (replaced != null && !replace) {
      throw new TableExistsException(name);
    }
    Lock replacedLock = replaced == null ? null : replaced.lockForDrop();
    try {
      ColumnFamilyHandle catalogFamily = database.handle(RocksDbDatabase.Family.CATALOG);
      if (marker.newTable()) {
        headers.put(
            catalogFamily,
            Keys.table(name),
            TableDefinitionCodec.encode(state.id(), state.definition()));
      }
      if (replaced != null) {
        headers.deleteRange(
            database.handle(RocksDbDatabase.Family.CHUNKS),
            Keys.tableStart(replaced.id()),
            Keys.tableEnd(replaced.id()));
        headers.deleteRange(
            database.handle(RocksDbDatabase.Family.COLUMNS),
            Keys.tableStart(replaced.id()),
            Keys.tableEnd(replaced.id()));
      }
      headers.delete(catalogFamily, Keys.load(marker.loadId()));
      database.write(headers, true, operation);
      if (marker.newTable()) {
        tables.put(name, state);
      }
      if (replaced != null) {
        replaced.markDropped();
        database.reclaimWhenUnread(
            Keys.tableStart(replaced.id()), Keys.tableEnd(replaced.id()), operation);
      }
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    } finally {
      if (replacedLock != null) {
        replacedLock.unlock();
      }
    }
  }

  /**
   * Deletes everything a load that will not commit may have written, and its marker, in one fsynced
   * write.
   *
   * @param marker the load's marker
   */
  public void abortLoad(LoadMarker marker) {
    String operation = "cleaning up an unfinished load into table id " + marker.tableId();
    try (WriteBatch batch = database.newBatch()) {
      List<byte[]> bounds = new ArrayList<>();
      if (marker.newTable()) {
        bounds.add(Keys.tableStart(marker.tableId()));
        bounds.add(Keys.tableEnd(marker.tableId()));
      } else {
        for (LoadMarker.Block block : marker.blocks()) {
          bounds.add(Keys.chunkStart(marker.tableId(), block.shard(), block.first()));
          bounds.add(
              Keys.chunkStart(marker.tableId(), block.shard(), block.first() + block.count()));
        }
      }
      for (int i = 0; i < bounds.size(); i += 2) {
        batch.deleteRange(
            database.handle(RocksDbDatabase.Family.CHUNKS), bounds.get(i), bounds.get(i + 1));
        batch.deleteRange(
            database.handle(RocksDbDatabase.Family.COLUMNS), bounds.get(i), bounds.get(i + 1));
      }
      batch.delete(database.handle(RocksDbDatabase.Family.CATALOG), Keys.load(marker.loadId()));
      database.write(batch, true, operation);
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    }
  }

  /**
   * Cleans up after the loads a crash interrupted: each marker left names keys no chunk header
   * points to (or a table no catalog entry names), which are deleted with the marker.
   */
  private void recoverLoads() {
    Map<String, byte[]> markers =
        database.readRange(
            RocksDbDatabase.Family.CATALOG,
            Keys.loadsStart(),
            Keys.loadsEnd(),
            "reading unfinished loads");
    for (Map.Entry<String, byte[]> entry : markers.entrySet()) {
      String loadId = Keys.loadId(entry.getKey().getBytes(StandardCharsets.ISO_8859_1));
      LoadMarker marker;
      try {
        marker = LoadMarker.decode(loadId, entry.getValue());
      } catch (IOException | RuntimeException e) {
        throw new CorruptStoreException(
            "the marker of unfinished load '" + loadId + "' is corrupt: " + e.getMessage(), e);
      }
      abortLoad(marker);
    }
  }

  /**
   * Deletes the SST files that hold only keys of dropped tables: the ones a drop could not reclaim
   * before the store closed (scans were still reading them, or the process died). Called at open,
   * before any snapshot exists. Best effort: compaction frees whatever this leaves.
   */
  private void reclaimDroppedTables() {
    List<Long> live = new ArrayList<>();
    for (TableState state : tables.values()) {
      live.add(state.id());
    }
    live.sort(null);
    List<byte[]> bounds = new ArrayList<>();
    long next = 1;
    for (long id : live) {
      if (id > next) {
        bounds.add(Keys.tableStart(next));
        bounds.add(Keys.tableStart(id));
      }
      next = id + 1;
    }
    if (next < nextTableId) {
      bounds.add(Keys.tableStart(next));
      bounds.add(Keys.tableStart(nextTableId));
    }
    if (bounds.isEmpty()) {
      return;
    }
    String operation = "reclaiming the space of dropped tables";
    try {
      database.deleteFilesInRanges(RocksDbDatabase.Family.COLUMNS, bounds, operation);
      database.deleteFilesInRanges(RocksDbDatabase.Family.CHUNKS, bounds, operation);
    } catch (StorageException e) {
      // Nothing to undo: dropped rows are invisible to every read already.
    }
  }

  /**
   * @param name a table name
   * @return its state, if it exists
   */
  public Optional<TableState> find(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  /**
   * @param name a table name
   * @return its state
   * @throws TableNotFoundException if it does not exist
   */
  public TableState get(String name) {
    return find(name).orElseThrow(() -> new TableNotFoundException(name, "does not exist"));
  }

  /**
   * @return the table names, sorted
   */
  public List<String> names() {
    List<String> names = new ArrayList<>(tables.keySet());
    names.sort(null);
    return names;
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }
}
