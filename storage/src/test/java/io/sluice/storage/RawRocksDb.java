package io.sluice.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

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
}
