package io.sluice.wasidata.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** UTF-8 validation over byte ranges that arrive in pieces (the pages of a guest memory). */
public final class Utf8 {
  private Utf8() {}

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  // States: how many continuation bytes are still expected, and the range the next one must be
  // in to rule out overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
  private static final int ACCEPT = 0;
  private static final int ONE = 1; // one more 80..BF
  private static final int TWO = 2; // two more 80..BF
  private static final int THREE = 3; // three more 80..BF
  private static final int AFTER_E0 = 4; // A0..BF, then ONE
  private static final int AFTER_ED = 5; // 80..9F, then ONE
  private static final int AFTER_F0 = 6; // 90..BF, then TWO
  private static final int AFTER_F4 = 7; // 80..8F, then TWO
  private static final int[] LOW = {0, 0x80, 0x80, 0x80, 0xA0, 0x80, 0x90, 0x80};
  private static final int[] HIGH = {0, 0xBF, 0xBF, 0xBF, 0xBF, 0x9F, 0xBF, 0x8F};
  private static final int[] NEXT = {0, ACCEPT, ONE, TWO, ONE, ONE, TWO, TWO};

  /** Validates one logical byte range fed as consecutive pieces. Not thread-safe; one per range. */
  public static final class Scanner {
    private int state = ACCEPT;
    private int position;
    private int sequenceStart;
    private int errorOffset = -1;

    /**
     * Scans the next piece of the range.
     *
     * @param bytes the array holding the piece
     * @param from its first index
     * @param to one past its last index
     * @return false at the first invalid byte (see {@link #errorOffset()}); true to continue
     */
    public boolean scan(byte[] bytes, int from, int to) {
      int s = state;
      int i = from;
      while (i < to) {
        if (s == ACCEPT) {
          // ASCII runs, eight bytes at a time: the common case for SQL text.
          while (i + 8 <= to && ((long) LONG.get(bytes, i) & HIGH_BITS) == 0) {
            i += 8;
          }
          if (i == to) {
            break;
          }
          int b = bytes[i] & 0xFF;
          if (b >= 0x80) {
            sequenceStart = position + (i - from);
            s = lead(b);
            if (s < 0) {
              return fail();
            }
          }
        } else {
          int b = bytes[i] & 0xFF;
          if (b < LOW[s] || b > HIGH[s]) {
            return fail();
          }
          s = NEXT[s];
        }
        i++;
      }
      state = s;
      position += to - from;
      return true;
    }

    /**
     * Ends the range.
     *
     * @return -1 when the whole range was valid, else the offset of the invalid sequence
     */
    public int finish() {
      if (errorOffset < 0 && state != ACCEPT) {
        errorOffset = sequenceStart; // a sequence cut off at the end
      }
      return errorOffset;
    }

    /**
     * @return the offset, from the start of the range, of the first byte of the invalid sequence
     */
    public int errorOffset() {
      return errorOffset;
    }

    private boolean fail() {
      errorOffset = sequenceStart;
      return false;
    }

    private static int lead(int b) {
      if (b >= 0xC2 && b <= 0xDF) {
        return ONE;
      }
      if (b == 0xE0) {
        return AFTER_E0;
      }
      if (b == 0xED) {
        return AFTER_ED;
      }
      if (b >= 0xE1 && b <= 0xEF) {
        return TWO;
      }
      if (b == 0xF0) {
        return AFTER_F0;
      }
      if (b >= 0xF1 && b <= 0xF3) {
        return THREE;
      }
      if (b == 0xF4) {
        return AFTER_F4;
      }
      return -1; // 80..C1 (continuation or overlong lead), F5..FF
    }
  }

  /**
   * @param bytes an array
   * @param from first index
   * @param to one past the last index
   * @return -1 when {@code bytes[from, to)} is valid UTF-8, else the offset from {@code from} of
   *     the first invalid sequence
   */
  public static int findInvalid(byte[] bytes, int from, int to) {
    Scanner s = new Scanner();
    return s.scan(bytes, from, to) ? s.finish() : s.errorOffset();
  }
}
