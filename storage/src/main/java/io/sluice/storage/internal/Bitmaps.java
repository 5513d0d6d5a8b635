package io.sluice.storage.internal;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/** Copies a bit range of an Arrow bitmap (validity or BOOLEAN data) so it starts at bit 0. */
final class Bitmaps {

  private Bitmaps() {}

  /**
   * @param source the bitmap
   * @param start the first bit
   * @param count how many bits
   * @param allocator where to allocate the copy
   * @return a new buffer of ceil(count / 8) bytes, bits past {@code count} zero
   */
  static ArrowBuf copy(ArrowBuf source, int start, int count, BufferAllocator allocator) {
    long bytes = ColumnChunkFormat.bitmapBytes(count);
    ArrowBuf target = allocator.buffer(bytes);
    int shift = start & 7;
    long first = start >>> 3;
    if (shift == 0) {
      target.setBytes(0, source, first, bytes);
    } else {
      long sourceBytes = ColumnChunkFormat.bitmapBytes(start + count);
      for (long i = 0; i < bytes; i++) {
        int low = Byte.toUnsignedInt(source.getByte(first + i)) >>> shift;
        int high =
            first + i + 1 < sourceBytes
                ? Byte.toUnsignedInt(source.getByte(first + i + 1)) << (8 - shift)
                : 0;
        target.setByte(i, (byte) (low | high));
      }
    }
    int tail = count & 7;
    if (tail != 0) {
      target.setByte(bytes - 1, target.getByte(bytes - 1) & ((1 << tail) - 1));
    }
    target.writerIndex(bytes);
    return target;
  }
}
