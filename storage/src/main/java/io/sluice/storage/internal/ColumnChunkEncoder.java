package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import io.sluice.storage.Compression;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.compression.CompressionCodec;

/**
 * Writes a row range of one column as a column value in the {@link ColumnChunkFormat}: each Arrow
 * buffer is copied once into the value (data buffers straight from the vector; validity bitmaps and
 * offsets re-based to the range first), compressed per buffer when the table asks for it.
 */
final class ColumnChunkEncoder {

  private ColumnChunkEncoder() {}

  /**
   * @param vector the column
   * @param type its SQL type
   * @param start first row of the range
   * @param count rows in the range, at least 1
   * @param nullCount nulls in the range
   * @param compression the table's compression
   * @param allocator where to allocate the value and temporary buffers
   * @return the value, owned by the caller, with its writer index at its end
   */
  static ArrowBuf encode(
      FieldVector vector,
      ColumnType type,
      int start,
      int count,
      long nullCount,
      Compression compression,
      BufferAllocator allocator) {
    List<ArrowBuf> buffers = new ArrayList<>(3);
    try {
      buffers.add(
          nullCount == 0 || nullCount == count
              ? null
              : Bitmaps.copy(vector.getValidityBuffer(), start, count, allocator));
      if (ValueKind.of(type) == ValueKind.BYTES) {
        BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
        int first = variable.getStartOffset(start);
        int end = variable.getStartOffset(start + count);
        buffers.add(rebasedOffsets(variable.getOffsetBuffer(), start, count, first, allocator));
        buffers.add(retainedSlice(variable.getDataBuffer(), first, end - first));
      } else if (type == ColumnType.BOOLEAN) {
        buffers.add(Bitmaps.copy(vector.getDataBuffer(), start, count, allocator));
      } else {
        int width = ColumnChunkFormat.valueWidth(type);
        buffers.add(
            retainedSlice(vector.getDataBuffer(), (long) start * width, (long) count * width));
      }
      CompressionCodec codec = BufferCompression.codec(compression);
      if (codec != null) {
        for (int i = 0; i < buffers.size(); i++) {
          ArrowBuf buffer = buffers.get(i);
          if (buffer != null && buffer.writerIndex() > 0) {
            buffers.set(i, null); // compress() takes ownership, even when it throws
            buffers.set(i, codec.compress(allocator, buffer));
          }
        }
      }
      return assemble(buffers, compression, count, nullCount, allocator);
    } finally {
      for (ArrowBuf buffer : buffers) {
        if (buffer != null) {
          buffer.close();
        }
      }
    }
  }

  private static ArrowBuf assemble(
      List<ArrowBuf> buffers,
      Compression compression,
      int rows,
      long nullCount,
      BufferAllocator allocator) {
    long size = ColumnChunkFormat.headerBytes(buffers.size());
    for (ArrowBuf buffer : buffers) {
      size = ColumnChunkFormat.align(size) + length(buffer);
    }
    size = ColumnChunkFormat.align(size);
    ArrowBuf value = allocator.buffer(size);
    value.setZero(0, size);
    value.setByte(0, ColumnChunkFormat.VERSION);
    value.setByte(1, compression.id());
    value.setShort(2, (short) buffers.size());
    value.setInt(4, rows);
    value.setInt(8, (int) nullCount);
    value.setInt(12, 0);
    long position = ColumnChunkFormat.headerBytes(buffers.size());
    for (int i = 0; i < buffers.size(); i++) {
      ArrowBuf buffer = buffers.get(i);
      long length = length(buffer);
      value.setLong(ColumnChunkFormat.FIXED_HEADER_BYTES + 8L * i, length);
      position = ColumnChunkFormat.align(position);
      if (length > 0) {
        value.setBytes(position, buffer, 0, length);
      }
      position += length;
    }
    value.writerIndex(size);
    return value;
  }

  private static long length(ArrowBuf buffer) {
    return buffer == null ? 0 : buffer.writerIndex();
  }

  private static ArrowBuf retainedSlice(ArrowBuf source, long index, long length) {
    ArrowBuf slice = source.slice(index, length);
    slice.getReferenceManager().retain();
    return slice;
  }

  private static ArrowBuf rebasedOffsets(
      ArrowBuf offsets, int start, int count, int first, BufferAllocator allocator) {
    long bytes = (count + 1L) * 4;
    ArrowBuf rebased = allocator.buffer(bytes);
    for (int i = 0; i <= count; i++) {
      rebased.setInt(i * 4L, offsets.getInt((long) (start + i) * 4) - first);
    }
    rebased.writerIndex(bytes);
    return rebased;
  }
}
