package io.sluice.storage.internal;

import io.sluice.storage.MetadataBatch;
import io.sluice.storage.MetadataStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The {@link MetadataStore} in the metadata column family: key {@code namespace 0x00 key} (UTF-8),
 * value the caller's bytes; every write is one fsynced write batch.
 */
public final class RocksDbMetadataStore implements MetadataStore {

  private final RocksDbDatabase database;

  /**
   * @param database the store's database
   */
  public RocksDbMetadataStore(RocksDbDatabase database) {
    this.database = database;
  }

  @Override
  public Optional<byte[]> get(String namespace, String key) {
    return Optional.ofNullable(
        database.get(
            RocksDbDatabase.Family.METADATA,
            key(namespace, key),
            operation("reading", namespace, key)));
  }

  @Override
  public void put(String namespace, String key, byte[] value) {
    write(new MetadataBatch().put(namespace, key, value));
  }

  @Override
  public void delete(String namespace, String key) {
    write(new MetadataBatch().delete(namespace, key));
  }

  @Override
  public SortedMap<String, byte[]> list(String namespace, String keyPrefix) {
    byte[] start = key(namespace, keyPrefix, true);
    byte[] end = successor(start);
    Map<String, byte[]> entries =
        database.readRange(
            RocksDbDatabase.Family.METADATA,
            start,
            end,
            operation("listing", namespace, keyPrefix + "*"));
    int skip = namespace.getBytes(StandardCharsets.UTF_8).length + 1;
    SortedMap<String, byte[]> result = new TreeMap<>();
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      byte[] raw = entry.getKey().getBytes(StandardCharsets.ISO_8859_1);
      result.put(
          new String(raw, skip, raw.length - skip, StandardCharsets.UTF_8), entry.getValue());
    }
    return result;
  }

  @Override
  public void write(MetadataBatch batch) {
    String operation = "writing " + batch.changes().size() + " metadata changes";
    try (WriteBatch writes = database.newBatch()) {
      addTo(writes, database, batch);
      database.write(writes, true, operation);
    } catch (RocksDBException e) {
      throw database.failure(operation, e);
    }
  }

  /**
   * Adds the changes of a metadata batch to a RocksDB write batch, so that another write (a catalog
   * change) can carry them atomically.
   *
   * @param writes the write batch
   * @param database the store's database
   * @param batch the metadata changes
   * @throws RocksDBException if RocksDB refuses a change
   */
  public static void addTo(WriteBatch writes, RocksDbDatabase database, MetadataBatch batch)
      throws RocksDBException {
    ColumnFamilyHandle family = database.handle(RocksDbDatabase.Family.METADATA);
    for (MetadataBatch.Change change : batch.changes()) {
      byte[] key = key(change.namespace(), change.key());
      if (change.value() == null) {
        writes.delete(family, key);
      } else {
        writes.put(family, key, change.value());
      }
    }
  }

  private static byte[] key(String namespace, String key) {
    return key(namespace, key, false);
  }

  private static byte[] key(String namespace, String key, boolean prefix) {
    if (namespace == null || namespace.isEmpty() || namespace.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "a metadata namespace must be non-empty and free of U+0000: " + namespace);
    }
    if (key == null || (key.isEmpty() && !prefix)) {
      throw new IllegalArgumentException(
          "a metadata key must be non-empty (namespace '" + namespace + "')");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(namespace.getBytes(StandardCharsets.UTF_8));
    bytes.write(0);
    bytes.writeBytes(key.getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  /** The least key greater than every key starting with {@code prefix}. */
  private static byte[] successor(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    throw new IllegalArgumentException("a metadata prefix of only 0xFF bytes has no end");
  }

  private static String operation(String verb, String namespace, String key) {
    return verb + " metadata '" + namespace + "'/'" + key + "'";
  }
}
