package io.sluice.wasidata.internal;

import static io.sluice.wasidata.AbiV1.ARRAY_BUFFERS;
import static io.sluice.wasidata.AbiV1.ARRAY_CHILDREN;
import static io.sluice.wasidata.AbiV1.ARRAY_DICTIONARY;
import static io.sluice.wasidata.AbiV1.ARRAY_LENGTH;
import static io.sluice.wasidata.AbiV1.ARRAY_NULL_COUNT;
import static io.sluice.wasidata.AbiV1.ARRAY_N_BUFFERS;
import static io.sluice.wasidata.AbiV1.ARRAY_N_CHILDREN;
import static io.sluice.wasidata.AbiV1.ARRAY_OFFSET;
import static io.sluice.wasidata.AbiV1.ARRAY_SIZE;

import io.sluice.wasidata.GuestMemory;
import io.sluice.wasidata.SqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * Guest to host: reads an ArrowArray the guest filled, checks every part of it as untrusted, and
 * copies each buffer with one bulk copy into new Arrow vectors.
 *
 * <p>Ownership: the guest's arrays and buffers stay the guest's; the host only reads them, before
 * the guest's next call or {@code sluice_reclaim} (ABI.md 4.2). The vectors returned are new,
 * allocated from the caller's allocator, and belong to the caller, who must close them. On any
 * failure nothing is left allocated.
 *
 * <p>What is checked: struct and buffer addresses and lengths inside guest memory; {@code length}
 * as expected; {@code offset} 0; {@code n_buffers}, {@code n_children} and {@code dictionary} as
 * the type requires; {@code null_count} consistent with the validity bitmap; offsets from 0 up,
 * non-decreasing and within memory; VARCHAR data valid UTF-8 in every value; DECIMAL and TIME
 * values in range; table row indexes in range and non-decreasing; the total bytes copied within a
 * cap. Messages say what was expected, e.g. {@code offsets[5] = 12 is less than offsets[4] = 40}.
 */
public final class BatchImporter {
  private final GuestMemory memory;
  private final BufferAllocator allocator;
  private final long maxBytes;
  private long bytes;

  /**
   * @param memory the guest's memory
   * @param allocator where the result vectors are allocated
   * @param maxBytes the most bytes this importer may copy in total, over all its imports
   */
  public BatchImporter(GuestMemory memory, BufferAllocator allocator, long maxBytes) {
    this.memory = memory;
    this.allocator = allocator;
    this.maxBytes = maxBytes;
  }

  /**
   * @return bytes copied out of guest memory so far
   */
  public long bytesCopied() {
    return bytes;
  }

  /**
   * Imports one column (a scalar result, an aggregate's finish or serialize output).
   *
   * @param array the ArrowArray's address
   * @param type the declared type
   * @param name the new vector's name
   * @param expectedLength the rows the array must have
   * @param what a prefix for messages, e.g. {@code "column word: "}, or empty
   * @return a new vector owned by the caller
   * @throws CallFailure when the guest's array is invalid or too big
   */
  public FieldVector column(
      long array, SqlType type, String name, long expectedLength, String what) {
    Header h = header(array, what);
    expect(
        h.length == expectedLength, what, "length is " + h.length + ", expected " + expectedLength);
    expect(h.offset == 0, what, "offset is " + h.offset + ", expected 0");
    expect(
        h.nBuffers == type.bufferCount(),
        what,
        "n_buffers is " + h.nBuffers + ", expected " + type.bufferCount() + " for " + type);
    expect(h.nChildren == 0, what, "n_children is " + h.nChildren + ", expected 0 for " + type);
    expect(h.dictionary == 0, what, "dictionary is " + hex(h.dictionary) + ", expected 0");
    expect(
        h.nullCount >= -1 && h.nullCount <= h.length,
        what,
        "null_count is " + h.nullCount + ", expected -1 (unknown) or 0 to the length " + h.length);
    long[] pointers = bufferPointers(h, what);
    int rows = (int) h.length;
    // Every buffer joins this list as soon as it is allocated, so any failure below frees it.
    List<ArrowBuf> buffers = new ArrayList<>(3);
    try {
      ArrowBuf validity = allocate(BatchExporter.bitBytes(rows), what, buffers);
      copyValidity(pointers[0], rows, h.nullCount, validity, what);
      if (type.isVariableWidth()) {
        copyVariableWidth(pointers[1], pointers[2], rows, type, what, buffers);
      } else {
        ArrowBuf values = copyFixedWidth(pointers[1], rows, type, what, buffers);
        ValueChecks.check(type, values, validity, rows, what);
      }
      int nulls = Bits.countZeros(validity, rows);
      FieldVector vector = type.field(name).createVector(allocator);
      try {
        vector.loadFieldBuffers(new ArrowFieldNode(rows, nulls), buffers);
      } catch (RuntimeException | Error e) {
        vector.close();
        throw e;
      }
      return vector;
    } finally {
      // The vector retained what it needs; drop this method's own references.
      closeAll(buffers);
    }
  }

  /**
   * Imports a table function's output (ABI.md 5.3): a struct of {@code row} (INT) and the declared
   * columns.
   *
   * @param array the struct ArrowArray's address
   * @param types the declared column types
   * @param names the declared column names
   * @param inputRows rows of the input batch: every row index must be below
   * @param firstRow the smallest row index allowed (the last one of the previous SLUICE_MORE round)
   * @param rowsSoFar output rows of the previous rounds of this call
   * @param maxRows the most output rows of the whole call
   * @return new vectors owned by the caller: {@code row}, then the columns
   * @throws CallFailure when the output is invalid or too big
   */
  public List<FieldVector> table(
      long array,
      List<SqlType> types,
      List<String> names,
      int inputRows,
      int firstRow,
      long rowsSoFar,
      long maxRows) {
    Header h = header(array, "");
    expect(h.offset == 0, "", "offset is " + h.offset + ", expected 0");
    expect(h.nBuffers == 1, "", "n_buffers is " + h.nBuffers + ", expected 1 for a struct");
    expect(
        h.nChildren == types.size() + 1,
        "",
        "n_children is "
            + h.nChildren
            + ", expected "
            + (types.size() + 1)
            + " (row and the columns)");
    expect(h.dictionary == 0, "", "dictionary is " + hex(h.dictionary) + ", expected 0");
    expect(h.length >= 0, "", "length is " + h.length + ", expected 0 or more");
    long limit = Math.min(maxRows, Integer.MAX_VALUE - 1);
    if (h.length > limit - rowsSoFar) {
      throw CallFailure.outputLimit(
          "the output of "
              + (rowsSoFar + h.length)
              + " rows exceeds the limit of "
              + limit
              + " rows");
    }
    long[] structBuffers = bufferPointers(h, "");
    expect(
        structBuffers[0] == 0,
        "",
        "buffers[0] (struct validity) is "
            + hex(structBuffers[0])
            + ", expected 0: rows are never NULL");
    expect(
        h.nullCount == 0 || h.nullCount == -1, "", "null_count is " + h.nullCount + ", expected 0");
    long[] children = pointers(h.children, h.nChildren, "children");
    List<FieldVector> vectors = new ArrayList<>(children.length);
    try {
      FieldVector row = column(children[0], SqlType.INT, "row", h.length, "column row: ");
      vectors.add(row);
      checkRowIndexes(row, (int) h.length, inputRows, firstRow);
      for (int i = 0; i < types.size(); i++) {
        String what = "column " + names.get(i) + ": ";
        vectors.add(column(children[i + 1], types.get(i), names.get(i), h.length, what));
      }
      return vectors;
    } catch (RuntimeException | Error e) {
      closeAll(vectors);
      throw e;
    }
  }

  private static void checkRowIndexes(FieldVector row, int rows, int inputRows, int firstRow) {
    if (row.getNullCount() != 0) {
      for (int i = 0; i < rows; i++) {
        if (row.isNull(i)) {
          throw CallFailure.invalid(
              -1, "column row: row[" + i + "] is NULL; every output row comes from an input row");
        }
      }
    }
    ArrowBuf values = row.getDataBuffer();
    int previous = firstRow;
    for (int i = 0; i < rows; i++) {
      int r = values.getInt(4L * i);
      if (r < 0 || r >= inputRows) {
        throw CallFailure.invalid(
            -1,
            "column row: row["
                + i
                + "] = "
                + r
                + " is not an input row (the batch has "
                + inputRows
                + " rows)");
      }
      if (r < previous) {
        throw CallFailure.invalid(
            -1,
            "column row: row["
                + i
                + "] = "
                + r
                + " is less than "
                + (i == 0 ? "the last row of the previous output, " : "row[" + (i - 1) + "] = ")
                + previous);
      }
      previous = r;
    }
  }

  // ---- buffers
  // -----------------------------------------------------------------------------------

  private void copyValidity(long pointer, int rows, long nullCount, ArrowBuf buf, String what) {
    int size = BatchExporter.bitBytes(rows);
    if (pointer == 0) {
      expect(
          nullCount <= 0,
          what,
          "null_count is " + nullCount + " but buffers[0] (validity) is null");
      buf.setOne(0, size);
    } else {
      checkRange(pointer, size, what, "buffers[0] (validity)");
      memory.copyTo((int) pointer, buf, 0, size);
    }
    Bits.clearTail(buf, rows);
    if (nullCount >= 0) {
      int counted = Bits.countZeros(buf, rows);
      expect(
          counted == nullCount,
          what,
          "null_count is "
              + nullCount
              + " but the validity bitmap marks "
              + counted
              + " of "
              + rows
              + " rows NULL");
    }
  }

  private ArrowBuf copyFixedWidth(
      long pointer, int rows, SqlType type, String what, List<ArrowBuf> owned) {
    long size =
        type.kind() == SqlType.Kind.BOOLEAN
            ? BatchExporter.bitBytes(rows)
            : (long) rows * type.byteWidth();
    expect(pointer != 0 || size == 0, what, "buffers[1] (values) is null for " + rows + " rows");
    checkRange(pointer, size, what, "buffers[1] (values)");
    ArrowBuf values = allocate(size, what, owned);
    memory.copyTo((int) pointer, values, 0, (int) size);
    return values;
  }

  private void copyVariableWidth(
      long offsetsPointer,
      long dataPointer,
      int rows,
      SqlType type,
      String what,
      List<ArrowBuf> owned) {
    ArrowBuf offsets = allocate(4L * (rows + 1), what, owned);
    int first = copyOffsets(offsetsPointer, rows, offsets, what);
    int size = offsets.getInt(4L * rows);
    expect(
        dataPointer != 0 || size == 0,
        what,
        "buffers[2] (data) is null but the offsets span " + size + " bytes");
    long start = dataPointer + first;
    checkRange(start, size, what, "the data from offsets[0] to offsets[" + rows + "]");
    ArrowBuf data = allocate(size, what, owned);
    memory.copyTo((int) start, data, 0, size);
    if (type.kind() == SqlType.Kind.VARCHAR) {
      long badRow = firstInvalidUtf8Row((int) start, size, offsets, data, rows);
      if (badRow >= 0) {
        throw CallFailure.invalid(badRow, what + "invalid UTF-8 at row " + badRow);
      }
    }
  }

  /**
   * Copies and checks the offsets, rebasing them to start at 0.
   *
   * @return the guest's offsets[0], where the data starts
   */
  private int copyOffsets(long pointer, int rows, ArrowBuf buf, String what) {
    expect(pointer != 0 || rows == 0, what, "buffers[1] (offsets) is null for " + rows + " rows");
    if (pointer == 0) {
      buf.setInt(0, 0);
      return 0;
    }
    long size = 4L * (rows + 1);
    checkRange(pointer, size, what, "buffers[1] (offsets)");
    memory.copyTo((int) pointer, buf, 0, (int) size);
    int first = buf.getInt(0);
    expect(first >= 0, what, "offsets[0] = " + first + " is negative");
    int previous = first;
    for (int i = 1; i <= rows; i++) {
      int current = buf.getInt(4L * i);
      if (current < previous) {
        throw CallFailure.invalid(
            i - 1,
            what
                + "offsets["
                + i
                + "] = "
                + current
                + " is less than offsets["
                + (i - 1)
                + "] = "
                + previous);
      }
      previous = current;
    }
    if (first != 0) {
      for (int i = 0; i <= rows; i++) {
        buf.setInt(4L * i, buf.getInt(4L * i) - first);
      }
    }
    return first;
  }

  /**
   * The first row whose bytes are not valid UTF-8: the data as a whole must be valid, and no
   * character may straddle two rows (its first byte would end one row, its continuation bytes start
   * the next).
   */
  private long firstInvalidUtf8Row(int start, int size, ArrowBuf offsets, ArrowBuf data, int rows) {
    int invalidAt = memory.findInvalidUtf8(start, size);
    long row = invalidAt < 0 ? Long.MAX_VALUE : rowOf(offsets, rows, invalidAt);
    for (int i = 1; i < rows && i <= row; i++) {
      int boundary = offsets.getInt(4L * i);
      if (boundary > 0 && boundary < size && (data.getByte(boundary) & 0xC0) == 0x80) {
        row = Math.min(row, rowOf(offsets, rows, boundary - 1));
        break;
      }
    }
    return row == Long.MAX_VALUE ? -1 : row;
  }

  /** The row whose bytes hold {@code position}: the last i with offsets[i] <= position. */
  private static int rowOf(ArrowBuf offsets, int rows, int position) {
    int low = 0;
    int high = rows - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (offsets.getInt(4L * mid) <= position) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  // ---- structs
  // -----------------------------------------------------------------------------------

  /** The fields of an ArrowArray, read after checking the struct lies in guest memory. */
  private record Header(
      long length,
      long nullCount,
      long offset,
      long nBuffers,
      long nChildren,
      long buffers,
      long children,
      long dictionary) {}

  private Header header(long array, String what) {
    checkRange(array, ARRAY_SIZE, what, "the ArrowArray");
    int a = (int) array;
    return new Header(
        memory.readLong(a + ARRAY_LENGTH),
        memory.readLong(a + ARRAY_NULL_COUNT),
        memory.readLong(a + ARRAY_OFFSET),
        memory.readLong(a + ARRAY_N_BUFFERS),
        memory.readLong(a + ARRAY_N_CHILDREN),
        memory.readU32(a + ARRAY_BUFFERS),
        memory.readU32(a + ARRAY_CHILDREN),
        memory.readU32(a + ARRAY_DICTIONARY));
  }

  private long[] bufferPointers(Header h, String what) {
    return pointers(h.buffers, h.nBuffers, what + "buffers");
  }

  /** Reads a guest array of {@code count} u32 pointers. */
  private long[] pointers(long address, long count, String what) {
    if (address == 0) {
      throw CallFailure.invalid(-1, what + " is null but " + count + " are expected");
    }
    checkRange(address, 4 * count, "", what + " (" + count + " pointers)");
    long[] pointers = new long[(int) count];
    for (int i = 0; i < count; i++) {
      pointers[i] = memory.readU32((int) address + 4 * i);
    }
    return pointers;
  }

  private void checkRange(long address, long size, String what, String part) {
    if (address < 0 || size < 0 || address + size > memory.byteSize()) {
      throw CallFailure.invalid(
          -1,
          what
              + part
              + " at "
              + hex(address)
              + " + "
              + size
              + " bytes is outside the guest memory of "
              + memory.byteSize()
              + " bytes");
    }
  }

  /** Allocates a buffer, within the byte cap, and registers it for closing. */
  private ArrowBuf allocate(long size, String what, List<ArrowBuf> owned) {
    if (bytes + size > maxBytes) {
      throw CallFailure.outputLimit(
          what
              + "the output of at least "
              + (bytes + size)
              + " bytes exceeds the limit of "
              + maxBytes
              + " bytes");
    }
    ArrowBuf buf = allocator.buffer(size);
    owned.add(buf);
    bytes += size;
    return buf;
  }

  private static void expect(boolean condition, String what, String problem) {
    if (!condition) {
      throw CallFailure.invalid(-1, what + problem);
    }
  }

  static String hex(long address) {
    return "0x" + Long.toHexString(address);
  }

  private static void closeAll(List<? extends AutoCloseable> resources) {
    try {
      AutoCloseables.close(resources);
    } catch (Exception e) {
      throw new IllegalStateException("closing Arrow buffers failed", e);
    }
  }
}
