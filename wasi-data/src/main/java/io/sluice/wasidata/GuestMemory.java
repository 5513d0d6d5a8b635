package io.sluice.wasidata;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import io.sluice.wasidata.internal.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.arrow.memory.ArrowBuf;

/**
 * The linear memory of one guest instance: 64 KiB pages allocated on first write, little-endian
 * typed access through {@link VarHandle}s, every access bounds-checked, and bulk copies to and from
 * off-heap Arrow buffers with one copy per page run.
 *
 * <p>Pass it to Chicory with {@code Instance.builder(module).withMemoryFactory(GuestMemory::new)}
 * (or {@link #factory(int)} to cap its size). Out-of-bounds accesses throw the {@link
 * WasmRuntimeException} Chicory's own memories throw, so traps read "out of bounds memory access".
 * Only non-shared memories are supported: the wasi-data ABI runs one call at a time per instance.
 *
 * <p><b>Pages.</b> Page {@code i} is read from {@code readPages[i]} and written through {@code
 * writePages[i]}. A page that was not written since creation, {@link #zero()} or {@link
 * #restore(Snapshot)} has no private array: its {@code writePages} slot is null and it reads from a
 * shared array that is never written (an all-zero page, or a page frozen in a {@link Snapshot}).
 * The first write copies it into a private array. Growing therefore allocates nothing, a snapshot
 * copies nothing (it freezes the private pages), and a restore only swaps page references. The one
 * safety rule: only arrays taken from {@code writePages} are ever written, and an array enters
 * {@code writePages} only when this class has just allocated it.
 *
 * <p><b>Why this class is big.</b> It must implement all of Chicory's {@link Memory}, and the
 * compiled guest calls its typed methods through that interface on every load and store, so each
 * typed method is written out small and alike (one page lookup, one VarHandle access, the
 * page-crossing case out of line) for the JIT to inline at a monomorphic call site.
 */
public final class GuestMemory implements Memory {
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int PAGE_SHIFT = 16;
  private static final int PAGE_MASK = PAGE_SIZE - 1;

  /** What every page reads as until it is first written. Shared by all memories; never written. */
  private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

  private final int initialPages;
  private final int maximumPages;

  /** Page contents for reading; never null below {@code pages()}; length is {@code pages()}. */
  private byte[][] readPages;

  /**
   * This memory's private page arrays, the only ones it writes; null until a page's first write.
   */
  private byte[][] writePages;

  private int highWaterPages;
  private long refusedGrows;

  /**
   * The Instance's own array of data segments, for memory.init. Chicory's data.drop replaces an
   * entry with an empty segment in this very array, so this class reads it, never a copy.
   */
  private DataSegment[] segments = new DataSegment[0];

  /** Each segment's bytes, copied once (DataSegment.data() copies on every call). */
  private DataSegment[] cachedSegments = new DataSegment[0];

  private byte[][] cachedBytes = new byte[0][];

  /**
   * A memory with the module's own limits (capped at {@link Memory#RUNTIME_MAX_PAGES}).
   *
   * @param limits the module's memory limits
   * @throws ChicoryException when the memory is shared
   */
  public GuestMemory(MemoryLimits limits) {
    this(limits, RUNTIME_MAX_PAGES);
  }

  /**
   * A memory that may grow to at most {@code maxPages}, whatever the module declares.
   *
   * @param limits the module's memory limits
   * @param maxPages the most 64 KiB pages the host allows this instance
   * @throws ChicoryException when the memory is shared
   * @throws UninstantiableException when the module's initial size exceeds {@code maxPages}
   */
  public GuestMemory(MemoryLimits limits, int maxPages) {
    if (limits.shared()) {
      throw new ChicoryException(
          "shared memories are not supported: a wasi-data ABI v1 module has one non-shared memory");
    }
    this.initialPages = limits.initialPages();
    this.maximumPages =
        Math.min(Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES), Math.max(maxPages, 0));
    if (initialPages > maximumPages) {
      throw new UninstantiableException(
          "the module's initial memory of "
              + initialPages
              + " pages exceeds the limit of "
              + maximumPages
              + " pages ("
              + (long) maximumPages * PAGE_SIZE
              + " bytes)");
    }
    this.readPages = zeroPages(initialPages);
    this.writePages = new byte[initialPages][];
    this.highWaterPages = initialPages;
  }

  /**
   * @param maxPages the most 64 KiB pages an instance's memory may have
   * @return a memory factory for {@code Instance.Builder.withMemoryFactory}
   */
  public static Function<MemoryLimits, Memory> factory(int maxPages) {
    return limits -> new GuestMemory(limits, maxPages);
  }

  private static byte[][] zeroPages(int count) {
    byte[][] pages = new byte[count][];
    Arrays.fill(pages, ZERO_PAGE);
    return pages;
  }

  // ---- size
  // --------------------------------------------------------------------------------------

  @Override
  public int pages() {
    return readPages.length;
  }

  /**
   * @return the current size in bytes
   */
  public long byteSize() {
    return (long) readPages.length * PAGE_SIZE;
  }

  /**
   * @return the largest size, in bytes, this memory had since it was created or last restored
   */
  public long highWaterBytes() {
    return (long) highWaterPages * PAGE_SIZE;
  }

  /**
   * @return how many {@code memory.grow} calls this memory refused (its cap reached) since it was
   *     created: the host's only trace of a guest that ran out of memory, since a refused grow just
   *     returns -1 to the guest
   */
  public long refusedGrows() {
    return refusedGrows;
  }

  @Override
  public int grow(int delta) {
    int old = readPages.length;
    if (delta < 0 || (long) old + delta > maximumPages) {
      refusedGrows++;
      return -1;
    }
    if (delta > 0) {
      int size = old + delta;
      readPages = Arrays.copyOf(readPages, size);
      Arrays.fill(readPages, old, size, ZERO_PAGE);
      writePages = Arrays.copyOf(writePages, size);
      highWaterPages = Math.max(highWaterPages, size);
    }
    return old;
  }

  @Override
  public int initialPages() {
    return initialPages;
  }

  @Override
  public int maximumPages() {
    return maximumPages;
  }

  @Override
  public boolean shared() {
    return false;
  }

  // ---- page access
  // -------------------------------------------------------------------------------

  /** The private array of a page, made on its first write; throws beyond the memory's end. */
  private byte[] writable(int page) {
    byte[] p = writePages[page];
    return p != null ? p : materialize(page, true);
  }

  private byte[] materialize(int page, boolean keepContents) {
    byte[] shared = readPages[page];
    byte[] copy = keepContents && shared != ZERO_PAGE ? shared.clone() : new byte[PAGE_SIZE];
    writePages[page] = copy;
    readPages[page] = copy;
    return copy;
  }

  /** For bulk writes: a chunk covering a whole page need not copy the page's old contents. */
  private byte[] writableFor(int page, int chunk) {
    byte[] p = writePages[page];
    return p != null ? p : materialize(page, chunk != PAGE_SIZE);
  }

  // ---- bounds
  // ------------------------------------------------------------------------------------

  private WasmRuntimeException outOfBounds(int addr, long size) {
    return new WasmRuntimeException(
        "out of bounds memory access: attempted to access address: "
            + addr
            + " but limit is: "
            + byteSize()
            + " and size: "
            + size);
  }

  /** Throws unless {@code [addr, addr + size)} lies in memory; negative values never do. */
  private void checkBounds(int addr, int size) {
    if (addr < 0 || size < 0 || (long) addr + size > byteSize()) {
      throw outOfBounds(addr, size);
    }
  }

  // ---- typed reads
  // -------------------------------------------------------------------------------

  @Override
  public byte read(int addr) {
    try {
      return readPages[addr >>> PAGE_SHIFT][addr & PAGE_MASK];
    } catch (IndexOutOfBoundsException e) {
      throw outOfBounds(addr, 1);
    }
  }

  @Override
  public short readShort(int addr) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 2) {
      try {
        return (short) SHORT.get(readPages[addr >>> PAGE_SHIFT], off);
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 2);
      }
    }
    return (short) readAcross(addr, 2);
  }

  @Override
  public long readU16(int addr) {
    return readShort(addr) & 0xFFFFL;
  }

  @Override
  public int readInt(int addr) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 4) {
      try {
        return (int) INT.get(readPages[addr >>> PAGE_SHIFT], off);
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 4);
      }
    }
    return (int) readAcross(addr, 4);
  }

  @Override
  public long readLong(int addr) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 8) {
      try {
        return (long) LONG.get(readPages[addr >>> PAGE_SHIFT], off);
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 8);
      }
    }
    return readAcross(addr, 8);
  }

  @Override
  public float readFloat(int addr) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 4) {
      try {
        return (float) FLOAT.get(readPages[addr >>> PAGE_SHIFT], off);
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 4);
      }
    }
    return Float.intBitsToFloat((int) readAcross(addr, 4));
  }

  @Override
  public long readF32(int addr) {
    return readInt(addr);
  }

  @Override
  public double readDouble(int addr) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 8) {
      try {
        return (double) DOUBLE.get(readPages[addr >>> PAGE_SHIFT], off);
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 8);
      }
    }
    return Double.longBitsToDouble(readAcross(addr, 8));
  }

  @Override
  public long readF64(int addr) {
    return readLong(addr);
  }

  /** A little-endian value whose bytes straddle two pages; all-or-nothing bounds check. */
  private long readAcross(int addr, int size) {
    checkBounds(addr, size);
    long value = 0;
    for (int i = size - 1; i >= 0; i--) {
      int a = addr + i;
      value = (value << 8) | (readPages[a >>> PAGE_SHIFT][a & PAGE_MASK] & 0xFFL);
    }
    return value;
  }

  // ---- typed writes
  // ------------------------------------------------------------------------------

  @Override
  public void writeByte(int addr, byte data) {
    try {
      writable(addr >>> PAGE_SHIFT)[addr & PAGE_MASK] = data;
    } catch (IndexOutOfBoundsException e) {
      throw outOfBounds(addr, 1);
    }
  }

  @Override
  public void writeShort(int addr, short data) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 2) {
      try {
        SHORT.set(writable(addr >>> PAGE_SHIFT), off, data);
        return;
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 2);
      }
    }
    writeAcross(addr, 2, data);
  }

  @Override
  public void writeI32(int addr, int data) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 4) {
      try {
        INT.set(writable(addr >>> PAGE_SHIFT), off, data);
        return;
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 4);
      }
    }
    writeAcross(addr, 4, data);
  }

  @Override
  public void writeLong(int addr, long data) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 8) {
      try {
        LONG.set(writable(addr >>> PAGE_SHIFT), off, data);
        return;
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 8);
      }
    }
    writeAcross(addr, 8, data);
  }

  @Override
  public void writeF32(int addr, float data) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 4) {
      try {
        FLOAT.set(writable(addr >>> PAGE_SHIFT), off, data);
        return;
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 4);
      }
    }
    writeAcross(addr, 4, Float.floatToRawIntBits(data));
  }

  @Override
  public void writeF64(int addr, double data) {
    int off = addr & PAGE_MASK;
    if (off <= PAGE_SIZE - 8) {
      try {
        DOUBLE.set(writable(addr >>> PAGE_SHIFT), off, data);
        return;
      } catch (IndexOutOfBoundsException e) {
        throw outOfBounds(addr, 8);
      }
    }
    writeAcross(addr, 8, Double.doubleToRawLongBits(data));
  }

  /** A little-endian value straddling two pages; checked first, so a trap writes nothing. */
  private void writeAcross(int addr, int size, long value) {
    checkBounds(addr, size);
    for (int i = 0; i < size; i++) {
      int a = addr + i;
      writable(a >>> PAGE_SHIFT)[a & PAGE_MASK] = (byte) (value >>> (8 * i));
    }
  }

  // ---- bulk operations
  // ---------------------------------------------------------------------------

  @Override
  public void write(int addr, byte[] data, int offset, int size) {
    if (offset < 0 || size < 0 || (long) offset + size > data.length) {
      throw new WasmRuntimeException(
          "out of bounds memory access: attempted to read "
              + size
              + " bytes at offset "
              + offset
              + " of a "
              + data.length
              + "-byte source");
    }
    checkBounds(addr, size);
    while (size > 0) {
      int off = addr & PAGE_MASK;
      int chunk = Math.min(size, PAGE_SIZE - off);
      System.arraycopy(data, offset, writableFor(addr >>> PAGE_SHIFT, chunk), off, chunk);
      addr += chunk;
      offset += chunk;
      size -= chunk;
    }
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    checkBounds(addr, len);
    byte[] result = new byte[len];
    int done = 0;
    while (done < len) {
      int a = addr + done;
      int off = a & PAGE_MASK;
      int chunk = Math.min(len - done, PAGE_SIZE - off);
      System.arraycopy(readPages[a >>> PAGE_SHIFT], off, result, done, chunk);
      done += chunk;
    }
    return result;
  }

  /**
   * Copies off-heap Arrow memory into this memory, one copy per page run (no intermediate array).
   *
   * @param src the Arrow buffer to read
   * @param srcIndex where to start reading in {@code src}
   * @param address where to write in this memory
   * @param length how many bytes
   * @throws WasmRuntimeException when {@code [address, address + length)} is outside this memory;
   *     nothing is written then
   * @throws IndexOutOfBoundsException when the range is outside {@code src}
   */
  public void copyFrom(ArrowBuf src, long srcIndex, int address, int length) {
    checkArrowRange(src, srcIndex, length);
    checkBounds(address, length);
    int done = 0;
    while (done < length) {
      int a = address + done;
      int off = a & PAGE_MASK;
      int chunk = Math.min(length - done, PAGE_SIZE - off);
      src.getBytes(srcIndex + done, writableFor(a >>> PAGE_SHIFT, chunk), off, chunk);
      done += chunk;
    }
  }

  /**
   * Copies from this memory into off-heap Arrow memory, one copy per page run.
   *
   * @param address where to read in this memory
   * @param dst the Arrow buffer to write
   * @param dstIndex where to start writing in {@code dst}
   * @param length how many bytes
   * @throws WasmRuntimeException when {@code [address, address + length)} is outside this memory;
   *     nothing is copied then
   * @throws IndexOutOfBoundsException when the range is outside {@code dst}
   */
  public void copyTo(int address, ArrowBuf dst, long dstIndex, int length) {
    checkArrowRange(dst, dstIndex, length);
    checkBounds(address, length);
    int done = 0;
    while (done < length) {
      int a = address + done;
      int off = a & PAGE_MASK;
      int chunk = Math.min(length - done, PAGE_SIZE - off);
      dst.setBytes(dstIndex + done, readPages[a >>> PAGE_SHIFT], off, chunk);
      done += chunk;
    }
  }

  private static void checkArrowRange(ArrowBuf buf, long index, int length) {
    if (index < 0 || length < 0 || index + length > buf.capacity()) {
      throw new IndexOutOfBoundsException(
          "bytes ["
              + index
              + ", "
              + (index + length)
              + ") are outside the Arrow buffer of "
              + buf.capacity()
              + " bytes");
    }
  }

  /**
   * Checks that a range of this memory is well-formed UTF-8 (no overlong forms, no surrogates,
   * nothing above U+10FFFF, no sequence cut at the end).
   *
   * @param address the first byte
   * @param length how many bytes
   * @return -1 when valid, else the offset from {@code address} of the first byte of the first
   *     invalid sequence
   * @throws WasmRuntimeException when the range is outside this memory
   */
  public int findInvalidUtf8(int address, int length) {
    checkBounds(address, length);
    Utf8.Scanner scanner = new Utf8.Scanner();
    int done = 0;
    while (done < length) {
      int a = address + done;
      int off = a & PAGE_MASK;
      int chunk = Math.min(length - done, PAGE_SIZE - off);
      if (!scanner.scan(readPages[a >>> PAGE_SHIFT], off, off + chunk)) {
        return scanner.errorOffset();
      }
      done += chunk;
    }
    return scanner.finish();
  }

  @Override
  public void zero() {
    readPages = zeroPages(readPages.length);
    writePages = new byte[readPages.length][];
  }

  @Override
  public void fill(byte value, int fromIndex, int toIndex) {
    // Chicory passes end = offset + size computed in int; subtracting recovers size exactly.
    int size = toIndex - fromIndex;
    checkBounds(fromIndex, size);
    int addr = fromIndex;
    while (size > 0) {
      int off = addr & PAGE_MASK;
      int chunk = Math.min(size, PAGE_SIZE - off);
      if (value == 0 && chunk == PAGE_SIZE) {
        // A whole page of zeros needs no private array: read it from the shared zero page.
        writePages[addr >>> PAGE_SHIFT] = null;
        readPages[addr >>> PAGE_SHIFT] = ZERO_PAGE;
      } else {
        Arrays.fill(writableFor(addr >>> PAGE_SHIFT, chunk), off, off + chunk, value);
      }
      addr += chunk;
      size -= chunk;
    }
  }

  /** Copies with memmove semantics: overlapping ranges behave as if copied through a buffer. */
  @Override
  public void copy(int dest, int src, int size) {
    checkBounds(dest, size);
    checkBounds(src, size);
    if (dest > src && dest < src + size) {
      copyBackward(dest, src, size);
    } else {
      copyForward(dest, src, size);
    }
  }

  private void copyForward(int dest, int src, int size) {
    while (size > 0) {
      int destOff = dest & PAGE_MASK;
      int srcOff = src & PAGE_MASK;
      int chunk = Math.min(size, PAGE_SIZE - Math.max(destOff, srcOff));
      // Take the destination first: making it private may replace the page the source reads.
      byte[] to = writableFor(dest >>> PAGE_SHIFT, chunk);
      System.arraycopy(readPages[src >>> PAGE_SHIFT], srcOff, to, destOff, chunk);
      dest += chunk;
      src += chunk;
      size -= chunk;
    }
  }

  private void copyBackward(int dest, int src, int size) {
    int destEnd = dest + size;
    int srcEnd = src + size;
    while (size > 0) {
      int destRoom = ((destEnd - 1) & PAGE_MASK) + 1;
      int srcRoom = ((srcEnd - 1) & PAGE_MASK) + 1;
      int chunk = Math.min(size, Math.min(destRoom, srcRoom));
      destEnd -= chunk;
      srcEnd -= chunk;
      byte[] to = writableFor(destEnd >>> PAGE_SHIFT, chunk);
      System.arraycopy(
          readPages[srcEnd >>> PAGE_SHIFT], srcEnd & PAGE_MASK, to, destEnd & PAGE_MASK, chunk);
      size -= chunk;
    }
  }

  // ---- data segments
  // -----------------------------------------------------------------------------

  @Override
  public void initialize(Instance instance, DataSegment[] dataSegments) {
    initialize(instance, dataSegments, 0);
  }

  @Override
  public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
    segments = dataSegments == null ? new DataSegment[0] : dataSegments;
    cachedSegments = new DataSegment[segments.length];
    cachedBytes = new byte[segments.length][];
    for (int i = 0; i < segments.length; i++) {
      if (!(segments[i] instanceof ActiveDataSegment)) {
        continue;
      }
      ActiveDataSegment segment = (ActiveDataSegment) segments[i];
      if (segment.index() != memoryIndex) {
        continue;
      }
      long offset =
          ConstantEvaluators.computeConstantValue(instance, segment.offsetInstructions())[0];
      byte[] data = segment.data();
      int start = (int) offset;
      if (start < 0 || (long) start + data.length > byteSize()) {
        throw new UninstantiableException(
            "out of bounds memory access: data segment "
                + i
                + " of "
                + data.length
                + " bytes at "
                + Integer.toUnsignedString(start)
                + " does not fit in "
                + byteSize()
                + " bytes");
      }
      write(start, data, 0, data.length);
      // The spec drops an active segment once it is written: memory.init may not reuse it.
      segments[i] = PassiveDataSegment.EMPTY;
    }
  }

  @Override
  public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
    byte[] data = segmentData(segmentId);
    if (offset < 0 || size < 0 || (long) offset + size > data.length) {
      throw new WasmRuntimeException(
          "out of bounds memory access: data segment "
              + segmentId
              + " has "
              + data.length
              + " bytes, asked for "
              + size
              + " at "
              + offset);
    }
    checkBounds(dest, size);
    write(dest, data, offset, size);
  }

  private byte[] segmentData(int segmentId) {
    DataSegment segment = segments[segmentId];
    if (cachedSegments[segmentId] != segment) {
      cachedSegments[segmentId] = segment;
      cachedBytes[segmentId] = segment.data();
    }
    return cachedBytes[segmentId];
  }

  @Override
  public void drop(int segment) {
    segments[segment] = PassiveDataSegment.EMPTY;
  }

  // ---- snapshots
  // ---------------------------------------------------------------------------------

  /**
   * Captures this memory's current image (size, contents, dropped data segments), typically right
   * after the guest's {@code _initialize}. Cheap: the pages are frozen, not copied; the memory's
   * next write to a frozen page copies it first. A snapshot never changes and may be restored into
   * this memory (or another memory of the same module) any number of times.
   *
   * @return the image
   */
  public Snapshot snapshot() {
    Arrays.fill(writePages, null);
    return new Snapshot(readPages.clone(), segments.clone());
  }

  /**
   * Puts this memory back to a snapshot's image: its size, contents and dropped data segments.
   * Everything written since is gone, and pages grown since no longer exist (a later {@code
   * memory.grow} gives zeroed pages again). Costs one reference per page, no copying.
   *
   * @param snapshot an image taken from this memory or one of the same module
   * @throws IllegalArgumentException when the image does not fit this memory's limits or module
   */
  public void restore(Snapshot snapshot) {
    if (snapshot.pages.length > maximumPages || snapshot.segments.length != segments.length) {
      throw new IllegalArgumentException(
          "a snapshot of "
              + snapshot.pages.length
              + " pages and "
              + snapshot.segments.length
              + " data segments does not fit a memory of at most "
              + maximumPages
              + " pages and "
              + segments.length
              + " data segments");
    }
    readPages = snapshot.pages.clone();
    writePages = new byte[readPages.length][];
    // Un-drop segments in the Instance's array, as they were when the image was taken.
    System.arraycopy(snapshot.segments, 0, segments, 0, segments.length);
    highWaterPages = readPages.length;
  }

  /** A frozen image of a {@link GuestMemory}; immutable and safe to share between memories. */
  public static final class Snapshot {
    private final byte[][] pages;
    private final DataSegment[] segments;

    private Snapshot(byte[][] pages, DataSegment[] segments) {
      this.pages = pages;
      this.segments = segments;
    }

    /**
     * @return the size of the image, in bytes
     */
    public long byteSize() {
      return (long) pages.length * PAGE_SIZE;
    }
  }

  // ---- threads: not for this memory
  // --------------------------------------------------------------

  /** Atomic instructions on a non-shared memory are legal; one thread runs it, so lock itself. */
  @Override
  @SuppressWarnings("removal")
  public Object lock(int address) {
    return this;
  }

  @Override
  @SuppressWarnings("removal")
  public int waitOn(int address, int expected, long timeout) {
    throw new WasmRuntimeException(
        "expected shared memory: memory.atomic.wait32 on a guest memory");
  }

  @Override
  @SuppressWarnings("removal")
  public int waitOn(int address, long expected, long timeout) {
    throw new WasmRuntimeException(
        "expected shared memory: memory.atomic.wait64 on a guest memory");
  }

  @Override
  @SuppressWarnings("removal")
  public int notify(int address, int maxThreads) {
    return 0;
  }

  @Override
  public void atomicFence() {
    VarHandle.fullFence();
  }
}
