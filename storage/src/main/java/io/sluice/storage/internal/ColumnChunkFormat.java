package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;

/**
 * Constants and sizes of the column value format shared by {@link ColumnChunkEncoder} and {@link
 * ColumnChunkDecoder} (byte-level description in docs/storage.md).
 *
 * <pre>
 * offset 0  u8  format version (1)
 *        1  u8  compression id (0 none, 1 LZ4 frame, 2 ZSTD)
 *        2  u16 buffer count n (2, or 3 for VARCHAR/VARBINARY)
 *        4  u32 row count
 *        8  u32 null count
 *       12  u32 reserved, 0
 *       16  u64 x n: stored length of each buffer
 *  then each buffer, starting at a multiple of 8 bytes, zero padded
 * </pre>
 *
 * All numbers are little-endian, like Arrow's buffers.
 */
final class ColumnChunkFormat {

  static final int VERSION = 1;
  static final int FIXED_HEADER_BYTES = 16;

  private ColumnChunkFormat() {}

  static int bufferCount(ColumnType type) {
    return ValueKind.of(type) == ValueKind.BYTES ? 3 : 2;
  }

  static long headerBytes(int bufferCount) {
    return FIXED_HEADER_BYTES + 8L * bufferCount;
  }

  static long align(long offset) {
    return (offset + 7) & ~7L;
  }

  /** Bytes per value of a fixed-width type; 0 for bit-packed BOOLEAN and variable width. */
  static int valueWidth(ColumnType type) {
    switch (type) {
      case TINYINT:
        return 1;
      case SMALLINT:
        return 2;
      case INT:
      case FLOAT:
      case DATE:
        return 4;
      case BIGINT:
      case DOUBLE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_WITH_TIME_ZONE:
        return 8;
      case DECIMAL:
        return 16;
      default:
        return 0;
    }
  }

  static long bitmapBytes(int rows) {
    return (rows + 7L) / 8;
  }
}
