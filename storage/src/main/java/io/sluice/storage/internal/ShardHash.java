package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * The stable hash that places a row in a shard by its distribution key. Stored data depends on it,
 * so it must never change (a test pins its values): integers, dates and times hash their 64-bit
 * value, floating values their canonical IEEE bits (0.0 for -0.0, one NaN), decimals their 128-bit
 * unscaled value, strings and bytes their bytes (FNV-1a), all finished with MurmurHash3's fmix64.
 * Nulls go to shard 0.
 */
public final class ShardHash {

  private ShardHash() {}

  /**
   * @param key the distribution key column
   * @param type its SQL type
   * @param row a row
   * @param shards the table's shard count
   * @return the row's shard
   */
  public static int shard(FieldVector key, ColumnType type, int row, int shards) {
    if (shards == 1 || key.isNull(row)) {
      return 0;
    }
    return (int) Long.remainderUnsigned(hash(key, type, row), shards);
  }

  /**
   * @param key the distribution key column
   * @param type its SQL type
   * @param row a non-null row
   * @return the row's 64-bit hash
   */
  public static long hash(FieldVector key, ColumnType type, int row) {
    switch (ValueKind.of(type)) {
      case LONG:
        return fmix64(VectorValues.readLong(key, row));
      case DOUBLE:
        double value = VectorValues.readDouble(key, row);
        if (value == 0.0) {
          value = 0.0; // -0.0 == 0.0, so both must land in the same shard
        }
        return fmix64(Double.doubleToLongBits(value)); // doubleToLongBits collapses NaNs
      case DECIMAL:
        ArrowBuf data = key.getDataBuffer();
        long low = data.getLong((long) row * 16);
        long high = data.getLong((long) row * 16 + 8);
        return fmix64(fmix64(high) ^ low);
      default:
        BaseVariableWidthVector variable = (BaseVariableWidthVector) key;
        return fmix64(
            fnv1a(
                variable.getDataBuffer(),
                variable.getStartOffset(row),
                variable.getStartOffset(row + 1)));
    }
  }

  /**
   * The shard a distribution key value goes to, computed from a literal rather than a vector, for
   * skipping the other shards of a lookup. Only literals whose hash is sure to equal the stored
   * one's are answered: integers for integer columns and strings for VARCHAR.
   *
   * @param literal a non-null literal
   * @param type the distribution key's type
   * @param shards the table's shard count
   * @return the shard, or -1 when this literal's shard is not known
   */
  public static int shardOfLiteral(Object literal, ColumnType type, int shards) {
    if (shards == 1) {
      return 0;
    }
    long hash;
    switch (type) {
      case TINYINT, SMALLINT, INT, BIGINT -> {
        if (!(literal instanceof Long
            || literal instanceof Integer
            || literal instanceof Short
            || literal instanceof Byte)) {
          return -1;
        }
        hash = fmix64(((Number) literal).longValue());
      }
      case VARCHAR -> {
        if (!(literal instanceof String text)) {
          return -1;
        }
        hash = fmix64(fnv1a(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      default -> {
        return -1;
      }
    }
    return (int) Long.remainderUnsigned(hash, shards);
  }

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private static long fnv1a(ArrowBuf data, long start, long end) {
    long hash = FNV_OFFSET;
    for (long i = start; i < end; i++) {
      hash = (hash ^ (data.getByte(i) & 0xFF)) * FNV_PRIME;
    }
    return hash;
  }

  /** The same hash over a literal's bytes, which must equal the stored value's. */
  private static long fnv1a(byte[] bytes) {
    long hash = FNV_OFFSET;
    for (byte b : bytes) {
      hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
    }
    return hash;
  }

  /** MurmurHash3's 64-bit finaliser: spreads every input bit over the output. */
  static long fmix64(long value) {
    long k = value;
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
