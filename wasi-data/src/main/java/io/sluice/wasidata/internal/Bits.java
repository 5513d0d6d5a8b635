package io.sluice.wasidata.internal;

import org.apache.arrow.memory.ArrowBuf;

/** Operations on Arrow validity bitmaps (one bit per row, LSB first), a word at a time. */
public final class Bits {
  private Bits() {}

  /**
   * @param bitmap a bitmap of at least {@code rows} bits
   * @param rows how many bits count
   * @return how many of the first {@code rows} bits are 0 (NULL rows)
   */
  public static int countZeros(ArrowBuf bitmap, int rows) {
    int ones = 0;
    int words = rows >>> 6;
    for (int w = 0; w < words; w++) {
      ones += Long.bitCount(bitmap.getLong(8L * w));
    }
    for (int i = words << 6; i < rows; i++) {
      ones += (bitmap.getByte(i >>> 3) >>> (i & 7)) & 1;
    }
    return rows - ones;
  }

  /** Zeroes the bits after the first {@code rows} in the bitmap's last byte. */
  public static void clearTail(ArrowBuf bitmap, int rows) {
    if ((rows & 7) != 0) {
      int last = rows >>> 3;
      bitmap.setByte(last, bitmap.getByte(last) & ((1 << (rows & 7)) - 1));
    }
  }

  /**
   * ANDs {@code mask} into {@code target}: a row stays valid only where both are 1.
   *
   * @param target the bitmap to change
   * @param mask the bitmap to apply
   * @param rows how many bits matter
   */
  public static void and(ArrowBuf target, ArrowBuf mask, int rows) {
    int bytes = (rows + 7) >>> 3;
    int words = bytes >>> 3;
    for (int w = 0; w < words; w++) {
      target.setLong(8L * w, target.getLong(8L * w) & mask.getLong(8L * w));
    }
    for (int b = words << 3; b < bytes; b++) {
      target.setByte(b, target.getByte(b) & mask.getByte(b));
    }
  }

  /**
   * @param bitmap a bitmap
   * @param row a row
   * @return whether the row's bit is 1 (the row is valid)
   */
  public static boolean isSet(ArrowBuf bitmap, int row) {
    return ((bitmap.getByte(row >>> 3) >>> (row & 7)) & 1) != 0;
  }
}
