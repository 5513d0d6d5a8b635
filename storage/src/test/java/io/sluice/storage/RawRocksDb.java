package io.sluice.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/** Writes into a closed store's RocksDB behind Sluice's back, to simulate corruption. */
final class RawRocksDb {

  private static final List<String> FAMILIES =
      List.of("default", "catalog", "chunks", "columns", "metadata");

  private RawRocksDb() {}

  static void put(Path store, String family, byte[] key, byte[] value) throws Exception {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8)));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db =
            RocksDB.open(options, store.resolve("rocksdb").toString(), descriptors, handles)) {
      db.put(handles.get(FAMILIES.indexOf(family)), key, value);
      handles.forEach(ColumnFamilyHandle::close);
    }
  }

  /** A raw RocksDB held open on a store's database, to hold its LOCK file. */
  static final class Open implements AutoCloseable {
    private final DBOptions options;
    private final List<ColumnFamilyHandle> handles;
    private final RocksDB db;

    private Open(DBOptions options, List<ColumnFamilyHandle> handles, RocksDB db) {
      this.options = options;
      this.handles = handles;
      this.db = db;
    }

    @Override
    public void close() {
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      options.close();
    }
  }

  static Open open(Path store) throws Exception {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8)));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    DBOptions options = new DBOptions();
    RocksDB db = RocksDB.open(options, store.resolve("rocksdb").toString(), descriptors, handles);
    return new Open(options, handles, db);
  }

  static byte[] columnKey(long tableId, int shard, long chunkId, int column) {
    return ByteBuffer.allocate(24)
        .putLong(tableId)
        .putInt(shard)
        .putLong(chunkId)
        .putInt(column)
        .array();
  }

  /**
   * Counts column values that no chunk header points to (what an unfinished load could leave) and
   * catalog keys of unfinished loads, in a closed store.
   */
  static long orphans(Path store) throws Exception {
    try (Open raw = open(store)) {
      Set<String> chunks = new HashSet<>();
      try (RocksIterator it = raw.db.newIterator(raw.handles.get(FAMILIES.indexOf("chunks")))) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          chunks.add(new String(it.key(), 0, 20, StandardCharsets.ISO_8859_1));
        }
      }
      long orphans = 0;
      try (RocksIterator it = raw.db.newIterator(raw.handles.get(FAMILIES.indexOf("columns")))) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          if (!chunks.contains(new String(it.key(), 0, 20, StandardCharsets.ISO_8859_1))) {
            orphans++;
          }
        }
      }
      try (RocksIterator it = raw.db.newIterator(raw.handles.get(FAMILIES.indexOf("catalog")))) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          if (new String(it.key(), StandardCharsets.UTF_8).startsWith("load/")) {
            orphans++;
          }
        }
      }
      return orphans;
    }
  }
}
