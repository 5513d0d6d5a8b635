package io.sluice.storage.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.storage.Durability;
import io.sluice.storage.StorageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/** A close that fails halfway still closes RocksDB, so this process can open the database again. */
class RocksDbDatabaseCloseTest {

  @TempDir Path directory;

  @Test
  void aFailedWalSyncStillClosesTheDatabaseAndReleasesItsLock() {
    Path path = directory.resolve("rocksdb");
    RocksDbDatabase database = RocksDbDatabase.open(path, true, Durability.OS_BUFFERED);
    database.walSyncForTests(
        db -> {
          throw new RocksDBException("injected: the disk is gone");
        });
    StorageException failed = assertThrows(StorageException.class, database::close);
    assertTrue(failed.getMessage().contains("WAL sync"), failed.getMessage());
    assertTrue(failed.getMessage().contains("injected: the disk is gone"), failed.getMessage());
    assertFalse(database.isOpen());
    // RocksDB's LOCK is released: the same process opens the database again.
    RocksDbDatabase.open(path, false, Durability.OS_BUFFERED).close();
  }
}
