package io.sluice.wasidata.internal;

import io.sluice.wasidata.GuestMemory;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Lays out and writes what one call passes to the guest inside the one staging block the guest
 * allocated. The same code runs twice: once measuring (nothing written, only the layout computed)
 * and once writing at the block's address, so the layout and the writes cannot disagree. Every
 * write is checked to lie inside the block: the host never writes where the guest did not allocate
 * (ABI.md section 4.1).
 */
public final class Staging {
  private final GuestMemory memory;
  private final boolean measuring;
  private final int base;
  private final int capacity;
  private int used;
  private long bytesCopied;

  private Staging(GuestMemory memory, boolean measuring, int base, int capacity) {
    this.memory = memory;
    this.measuring = measuring;
    this.base = base;
    this.capacity = capacity;
  }

  /**
   * @return a staging that only computes the layout, as if the block started at address 0
   */
  public static Staging measure() {
    return new Staging(null, true, 0, Integer.MAX_VALUE);
  }

  /**
   * @param memory the guest's memory
   * @param base the block's address, aligned to {@code AbiV1.BUFFER_ALIGNMENT}
   * @param capacity the block's size
   * @return a staging that writes into the block
   */
  public static Staging write(GuestMemory memory, int base, int capacity) {
    return new Staging(memory, false, base, capacity);
  }

  /**
   * Reserves the next piece of the block.
   *
   * @param size bytes
   * @param alignment a power of two, relative to the block (which is 16-aligned)
   * @return the piece's address
   */
  public int reserve(long size, int alignment) {
    long start = ((long) used + alignment - 1) & -alignment;
    long end = start + size;
    if (end > capacity) {
      throw new IllegalStateException(
          "host bug: the call needs " + end + " staging bytes but the block has " + capacity);
    }
    used = (int) end;
    return base + (int) start;
  }

  /**
   * @return the bytes reserved so far, the block size this call needs
   */
  public int used() {
    return used;
  }

  /**
   * @return the bytes actually written (structs, strings and buffers)
   */
  public long bytesCopied() {
    return bytesCopied;
  }

  /**
   * @return whether this pass only measures
   */
  public boolean measuring() {
    return measuring;
  }

  private void check(int address, long size) {
    if (address < base || address + size > (long) base + used) {
      throw new IllegalStateException(
          "host bug: writing ["
              + address
              + ", "
              + (address + size)
              + ") outside the reserved part of the staging block ["
              + base
              + ", "
              + (base + used)
              + ")");
    }
  }

  /** Writes a little-endian i32 inside the block. */
  public void i32(int address, int value) {
    if (!measuring) {
      check(address, 4);
      memory.writeI32(address, value);
      bytesCopied += 4;
    }
  }

  /** Writes a little-endian i64 inside the block. */
  public void i64(int address, long value) {
    if (!measuring) {
      check(address, 8);
      memory.writeLong(address, value);
      bytesCopied += 8;
    }
  }

  /** Zeroes bytes inside the block. */
  public void zero(int address, int size) {
    if (!measuring && size > 0) {
      check(address, size);
      memory.fill((byte) 0, address, address + size);
      bytesCopied += size;
    }
  }

  /** Writes bytes from a Java array inside the block. */
  public void bytes(int address, byte[] bytes) {
    if (!measuring) {
      check(address, bytes.length);
      memory.write(address, bytes);
      bytesCopied += bytes.length;
    }
  }

  /** Copies part of an Arrow buffer into the block: one bulk copy. */
  public void copy(ArrowBuf source, long sourceIndex, int address, int size) {
    if (!measuring && size > 0) {
      check(address, size);
      memory.copyFrom(source, sourceIndex, address, size);
      bytesCopied += size;
    }
  }

  /**
   * Reserves and writes a NUL-terminated string.
   *
   * @param ascii the string's bytes, without the NUL
   * @return its address
   */
  public int cString(byte[] ascii) {
    int address = reserve(ascii.length + 1L, 1);
    bytes(address, ascii);
    if (!measuring) {
      check(address + ascii.length, 1);
      memory.writeByte(address + ascii.length, (byte) 0);
      bytesCopied += 1;
    }
    return address;
  }
}
