package io.sluice.storage.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the keys of the chunk and column families; all numbers are big-endian so byte order is
 * numeric order, and each table and shard is one contiguous key range.
 *
 * <pre>
 * chunks  family: tableId u64 | shard u32 | chunkId u64 | kind u8      (kind 0 = chunk header)
 * columns family: tableId u64 | shard u32 | chunkId u64 | column u32
 * </pre>
 */
public final class Keys {

  /** Size of a chunk-family key. */
  public static final int CHUNK_KEY_BYTES = 8 + 4 + 8 + 1;

  /** Size of a column-family key. */
  public static final int COLUMN_KEY_BYTES = 8 + 4 + 8 + 4;

  /** Kind byte of a chunk header; other kinds are reserved (1: a future deletion vector). */
  public static final byte KIND_HEADER = 0;

  /** Catalog key of the format version written when the store was created. */
  public static final byte[] FORMAT_VERSION = utf8("format-version");

  /** Catalog key of the next table id; ids are never reused, so a dropped range stays dead. */
  public static final byte[] NEXT_TABLE_ID = utf8("next-table-id");

  private static final String TABLE_PREFIX = "table/";

  private static final String LOAD_PREFIX = "load/";

  private Keys() {}

  /**
   * @param name a table name
   * @return its catalog key
   */
  public static byte[] table(String name) {
    return utf8(TABLE_PREFIX + name);
  }

  /**
   * @return the first catalog key of a table entry
   */
  public static byte[] tablesStart() {
    return utf8(TABLE_PREFIX);
  }

  /**
   * @return the key just after every catalog table entry
   */
  public static byte[] tablesEnd() {
    return utf8("table0"); // '0' follows '/' in ASCII
  }

  /**
   * @param key a catalog key from the table range
   * @return the table name it holds
   */
  public static String tableName(byte[] key) {
    return new String(key, StandardCharsets.UTF_8).substring(TABLE_PREFIX.length());
  }

  /**
   * @param loadId a bulk load's id
   * @return the catalog key of its marker
   */
  public static byte[] load(String loadId) {
    return utf8(LOAD_PREFIX + loadId);
  }

  /**
   * @return the first catalog key of a load marker
   */
  public static byte[] loadsStart() {
    return utf8(LOAD_PREFIX);
  }

  /**
   * @return the key just after every load marker
   */
  public static byte[] loadsEnd() {
    return utf8("load0"); // '0' follows '/' in ASCII
  }

  /**
   * @param key a catalog key from the load range
   * @return the load id it holds
   */
  public static String loadId(byte[] key) {
    return new String(key, StandardCharsets.UTF_8).substring(LOAD_PREFIX.length());
  }

  /**
   * @param tableId a table id
   * @param shard a shard
   * @param chunkId a chunk id
   * @return the first column key of the chunk (and the chunk-family key prefix of it)
   */
  public static byte[] chunkStart(long tableId, int shard, long chunkId) {
    return ByteBuffer.allocate(20).putLong(tableId).putInt(shard).putLong(chunkId).array();
  }

  /**
   * @param tableId a table id
   * @return the first key of the table in the chunk and column families
   */
  public static byte[] tableStart(long tableId) {
    return ByteBuffer.allocate(8).putLong(tableId).array();
  }

  /**
   * @param tableId a table id
   * @return the key just after the table in the chunk and column families
   */
  public static byte[] tableEnd(long tableId) {
    return tableStart(tableId + 1);
  }

  /**
   * @param tableId a table id
   * @param shard a shard
   * @return the first key of the shard
   */
  public static byte[] shardStart(long tableId, int shard) {
    return ByteBuffer.allocate(12).putLong(tableId).putInt(shard).array();
  }

  /**
   * @param tableId a table id
   * @param shard a shard
   * @return the key just after the shard
   */
  public static byte[] shardEnd(long tableId, int shard) {
    return shardStart(tableId, shard + 1);
  }

  /**
   * @param tableId a table id
   * @param shard a shard
   * @param chunkId a chunk id
   * @return the key of the chunk's header
   */
  public static byte[] chunkHeader(long tableId, int shard, long chunkId) {
    return ByteBuffer.allocate(CHUNK_KEY_BYTES)
        .putLong(tableId)
        .putInt(shard)
        .putLong(chunkId)
        .put(KIND_HEADER)
        .array();
  }

  /**
   * @param key a chunk-family key
   * @return its chunk id
   */
  public static long chunkId(byte[] key) {
    return ByteBuffer.wrap(key).getLong(12);
  }

  /**
   * @param key a chunk-family key
   * @return its kind byte
   */
  public static byte kind(byte[] key) {
    return key[20];
  }

  /**
   * Writes a column key into a buffer, from its position; the buffer is flipped for reading.
   *
   * @param target a buffer with at least {@link #COLUMN_KEY_BYTES} bytes remaining
   * @param tableId a table id
   * @param shard a shard
   * @param chunkId a chunk id
   * @param column a column ordinal
   * @return the buffer, positioned on the key
   */
  public static ByteBuffer column(
      ByteBuffer target, long tableId, int shard, long chunkId, int column) {
    target.clear();
    target.putLong(tableId).putInt(shard).putLong(chunkId).putInt(column);
    return target.flip();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
