package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import io.sluice.storage.Compression;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * Loads a column value in the {@link ColumnChunkFormat} into an empty vector. Uncompressed buffers
 * become slices of the value, so reading copies nothing after RocksDB's copy into the value; every
 * length is checked before use, and a value that does not fit its header is refused.
 */
final class ColumnChunkDecoder {

  private ColumnChunkDecoder() {}

  /**
   * @param value the column value; the caller keeps its reference and closes it
   * @param type the column's SQL type
   * @param rows the row count the chunk header promises
   * @param nullCount the null count the chunk header promises
   * @param compression the table's compression
   * @param target an empty vector of the column's type; it ends up holding the chunk's values
   * @param allocator where decompressed buffers are allocated
   * @throws IllegalArgumentException if the value is malformed
   */
  static void decode(
      ArrowBuf value,
      ColumnType type,
      int rows,
      long nullCount,
      Compression compression,
      FieldVector target,
      BufferAllocator allocator) {
    long size = value.writerIndex();
    int bufferCount = ColumnChunkFormat.bufferCount(type);
    long headerBytes = ColumnChunkFormat.headerBytes(bufferCount);
    check(size >= headerBytes, "the value has " + size + " bytes, shorter than its header");
    check(
        value.getByte(0) == ColumnChunkFormat.VERSION, "unknown column format " + value.getByte(0));
    check(
        value.getByte(1) == compression.id(),
        "compression id " + value.getByte(1) + ", table says " + compression.id());
    check(
        value.getShort(2) == bufferCount,
        "buffer count " + value.getShort(2) + ", expected " + bufferCount);
    check(value.getInt(4) == rows, "row count " + value.getInt(4) + ", header says " + rows);
    check(
        value.getInt(8) == nullCount,
        "null count " + value.getInt(8) + ", header says " + nullCount);
    CompressionCodec codec = BufferCompression.codec(compression);
    List<ArrowBuf> buffers = new ArrayList<>(bufferCount);
    try {
      long position = headerBytes;
      for (int i = 0; i < bufferCount; i++) {
        long length = value.getLong(ColumnChunkFormat.FIXED_HEADER_BYTES + 8L * i);
        position = ColumnChunkFormat.align(position);
        check(
            length >= 0 && position + length <= size,
            "buffer " + i + " of " + length + " bytes overruns the value");
        buffers.add(buffer(value, position, length, codec, allocator));
        position += length;
      }
      checkLengths(type, rows, nullCount, buffers);
      target.loadFieldBuffers(new ArrowFieldNode(rows, nullCount), buffers);
    } finally {
      for (ArrowBuf buffer : buffers) {
        buffer.close(); // loadFieldBuffers took its own references
      }
    }
  }

  private static ArrowBuf buffer(
      ArrowBuf value,
      long position,
      long length,
      CompressionCodec codec,
      BufferAllocator allocator) {
    if (length == 0) {
      return allocator.getEmpty();
    }
    if (codec == null) {
      return retainedSlice(value, position, length);
    }
    check(length >= 8, "a compressed buffer of " + length + " bytes has no length prefix");
    long uncompressed = value.getLong(position);
    if (uncompressed == -1) { // stored raw because compressing did not make it smaller
      return retainedSlice(value, position + 8, length - 8);
    }
    check(
        uncompressed >= 0 && uncompressed <= Integer.MAX_VALUE,
        "a compressed buffer claims " + uncompressed + " bytes");
    return codec.decompress(allocator, retainedSlice(value, position, length));
  }

  private static ArrowBuf retainedSlice(ArrowBuf value, long position, long length) {
    ArrowBuf slice = value.slice(position, length);
    slice.getReferenceManager().retain();
    return slice;
  }

  private static void checkLengths(
      ColumnType type, int rows, long nullCount, List<ArrowBuf> buffers) {
    long validity = buffers.get(0).writerIndex();
    long bitmap = ColumnChunkFormat.bitmapBytes(rows);
    if (validity == 0) {
      check(
          nullCount == 0 || nullCount == rows,
          "no validity bitmap but " + nullCount + " nulls of " + rows);
    } else {
      check(validity == bitmap, "validity bitmap of " + validity + " bytes for " + rows + " rows");
    }
    ArrowBuf data = buffers.get(buffers.size() - 1);
    if (ValueKind.of(type) == ValueKind.BYTES) {
      ArrowBuf offsets = buffers.get(1);
      check(
          offsets.writerIndex() == (rows + 1L) * 4,
          "offsets of " + offsets.writerIndex() + " bytes for " + rows + " rows");
      int previous = offsets.getInt(0);
      check(previous == 0, "the first offset is " + previous);
      for (int row = 1; row <= rows; row++) {
        int offset = offsets.getInt(row * 4L);
        if (offset < previous) { // no message built per row: this loop runs for every value read
          throw new IllegalArgumentException("offsets decrease at row " + row);
        }
        previous = offset;
      }
      check(
          previous == data.writerIndex(),
          "offsets end at " + previous + " but data has " + data.writerIndex() + " bytes");
    } else if (type == ColumnType.BOOLEAN) {
      check(
          data.writerIndex() == bitmap,
          "boolean data of " + data.writerIndex() + " bytes for " + rows + " rows");
    } else {
      long expected = (long) rows * ColumnChunkFormat.valueWidth(type);
      check(
          data.writerIndex() == expected,
          "data of " + data.writerIndex() + " bytes, expected " + expected);
    }
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }
}
