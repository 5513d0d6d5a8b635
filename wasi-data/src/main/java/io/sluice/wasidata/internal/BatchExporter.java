package io.sluice.wasidata.internal;

import static io.sluice.wasidata.AbiV1.ARRAY_BUFFERS;
import static io.sluice.wasidata.AbiV1.ARRAY_CHILDREN;
import static io.sluice.wasidata.AbiV1.ARRAY_DICTIONARY;
import static io.sluice.wasidata.AbiV1.ARRAY_LENGTH;
import static io.sluice.wasidata.AbiV1.ARRAY_NULL_COUNT;
import static io.sluice.wasidata.AbiV1.ARRAY_N_BUFFERS;
import static io.sluice.wasidata.AbiV1.ARRAY_N_CHILDREN;
import static io.sluice.wasidata.AbiV1.ARRAY_OFFSET;
import static io.sluice.wasidata.AbiV1.ARRAY_PRIVATE_DATA;
import static io.sluice.wasidata.AbiV1.ARRAY_RELEASE;
import static io.sluice.wasidata.AbiV1.ARRAY_SIZE;
import static io.sluice.wasidata.AbiV1.ARROW_FLAG_NULLABLE;
import static io.sluice.wasidata.AbiV1.BUFFER_ALIGNMENT;
import static io.sluice.wasidata.AbiV1.SCHEMA_CHILDREN;
import static io.sluice.wasidata.AbiV1.SCHEMA_DICTIONARY;
import static io.sluice.wasidata.AbiV1.SCHEMA_FLAGS;
import static io.sluice.wasidata.AbiV1.SCHEMA_FORMAT;
import static io.sluice.wasidata.AbiV1.SCHEMA_METADATA;
import static io.sluice.wasidata.AbiV1.SCHEMA_NAME;
import static io.sluice.wasidata.AbiV1.SCHEMA_N_CHILDREN;
import static io.sluice.wasidata.AbiV1.SCHEMA_PRIVATE_DATA;
import static io.sluice.wasidata.AbiV1.SCHEMA_RELEASE;
import static io.sluice.wasidata.AbiV1.SCHEMA_SIZE;
import static io.sluice.wasidata.AbiV1.STRUCT_ALIGNMENT;

import io.sluice.wasidata.SqlType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Host to guest: writes Arrow C Data Interface structs and buffers (ABI.md sections 5.1 to 5.4)
 * into the staging block, through a {@link Staging} that either measures or writes.
 *
 * <p>Ownership: everything written lives in the staging block, which the guest allocated with
 * {@code sluice_alloc} and handed to the host; the host reuses it for the next call and frees it
 * with {@code sluice_free} only when a bigger one replaces it. The guest only borrows the structs
 * during the call: their {@code release} is the guest's own no-op {@code borrowed_release}, which
 * it must not call. Each Arrow buffer is copied with one bulk copy, from index 0 of the vector's
 * buffers (Java vectors have no {@code offset}); a validity buffer is passed as 0 when no value is
 * null; var-width offsets that do not start at 0 are rebased, so the guest always sees offsets
 * starting at 0.
 */
public final class BatchExporter {
  private static final byte[] STRUCT_FORMAT = "+s".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ROW = "row".getBytes(StandardCharsets.US_ASCII);

  private final Staging s;
  private final int release;

  /**
   * @param staging where to measure or write
   * @param borrowedRelease the guest's {@code borrowed_release} table index, stored in every {@code
   *     release} field so guest code sees live structs
   */
  public BatchExporter(Staging staging, int borrowedRelease) {
    this.s = staging;
    this.release = borrowedRelease;
  }

  /**
   * The input schema of a batch call: a struct ({@code +s}) with one nullable child per argument.
   *
   * @param types the argument types
   * @param names the argument names (ABI.md 5.1: {@code argN} when unnamed)
   * @return the ArrowSchema's address
   */
  public int structSchema(List<SqlType> types, List<String> names) {
    int parent = s.reserve(SCHEMA_SIZE, STRUCT_ALIGNMENT);
    int children = s.reserve(4L * types.size(), 4);
    int format = s.cString(STRUCT_FORMAT);
    int name = s.cString(EMPTY);
    schemaHeader(parent, format, name, 0, types.size(), children);
    for (int i = 0; i < types.size(); i++) {
      s.i32(children + 4 * i, schema(types.get(i), names.get(i)));
    }
    return parent;
  }

  /**
   * The output schema of a table function (ABI.md 5.3): a struct whose first child is {@code row}
   * (INT) and whose next children are the declared columns.
   *
   * @param types the column types
   * @param names the column names
   * @return the ArrowSchema's address
   */
  public int tableSchema(List<SqlType> types, List<String> names) {
    int parent = s.reserve(SCHEMA_SIZE, STRUCT_ALIGNMENT);
    int children = s.reserve(4L * (types.size() + 1), 4);
    int format = s.cString(STRUCT_FORMAT);
    int name = s.cString(EMPTY);
    schemaHeader(parent, format, name, 0, types.size() + 1, children);
    s.i32(children, schema(SqlType.INT, ROW, 0));
    for (int i = 0; i < types.size(); i++) {
      s.i32(children + 4 * (i + 1), schema(types.get(i), names.get(i)));
    }
    return parent;
  }

  /**
   * The schema of one nullable column (an output schema, or a deserialize input).
   *
   * @param type the column's type
   * @param name the column's name
   * @return the ArrowSchema's address
   */
  public int schema(SqlType type, String name) {
    return schema(type, name.getBytes(StandardCharsets.UTF_8), ARROW_FLAG_NULLABLE);
  }

  private int schema(SqlType type, byte[] name, int flags) {
    int at = s.reserve(SCHEMA_SIZE, STRUCT_ALIGNMENT);
    int format = s.cString(type.arrowFormat().getBytes(StandardCharsets.US_ASCII));
    int nameAt = s.cString(name);
    schemaHeader(at, format, nameAt, flags, 0, 0);
    return at;
  }

  private void schemaHeader(int at, int format, int name, long flags, int nChildren, int children) {
    s.i32(at + SCHEMA_FORMAT, format);
    s.i32(at + SCHEMA_NAME, name);
    s.i32(at + SCHEMA_METADATA, 0);
    s.i32(at + SCHEMA_METADATA + 4, 0); // padding before the 8-aligned flags
    s.i64(at + SCHEMA_FLAGS, flags);
    s.i64(at + SCHEMA_N_CHILDREN, nChildren);
    s.i32(at + SCHEMA_CHILDREN, children);
    s.i32(at + SCHEMA_DICTIONARY, 0);
    s.i32(at + SCHEMA_RELEASE, release);
    s.i32(at + SCHEMA_PRIVATE_DATA, 0);
  }

  /**
   * The input array of a batch call (ABI.md 5.1): a struct of {@code rows} rows, no struct-level
   * nulls, one child per argument.
   *
   * @param types the argument types
   * @param columns the argument vectors, each of exactly {@code rows} values and its type
   * @param rows the batch's rows
   * @return the ArrowArray's address
   */
  public int structArray(List<SqlType> types, List<? extends FieldVector> columns, int rows) {
    int parent = s.reserve(ARRAY_SIZE, STRUCT_ALIGNMENT);
    int buffers = s.reserve(4, 4);
    int children = s.reserve(4L * columns.size(), 4);
    s.i32(buffers, 0);
    arrayHeader(parent, rows, 0, 1, buffers, columns.size(), children);
    for (int i = 0; i < columns.size(); i++) {
      s.i32(children + 4 * i, array(types.get(i), columns.get(i), rows));
    }
    return parent;
  }

  /**
   * One column's array, its buffers copied into the block.
   *
   * @param type the column's type
   * @param vector its values, exactly {@code rows} of them
   * @param rows how many
   * @return the ArrowArray's address
   */
  public int array(SqlType type, FieldVector vector, int rows) {
    int at = s.reserve(ARRAY_SIZE, STRUCT_ALIGNMENT);
    int nBuffers = type.bufferCount();
    int buffers = s.reserve(4L * nBuffers, 4);
    int nullCount = rows == 0 ? 0 : vector.getNullCount();
    int validity = 0;
    if (nullCount > 0) {
      int size = bitBytes(rows);
      validity = s.reserve(size, BUFFER_ALIGNMENT);
      s.copy(vector.getValidityBuffer(), 0, validity, size);
    }
    s.i32(buffers, validity);
    if (type.isVariableWidth()) {
      variableWidthBuffers((BaseVariableWidthVector) vector, rows, buffers);
    } else {
      long size =
          type.kind() == SqlType.Kind.BOOLEAN ? bitBytes(rows) : (long) rows * type.byteWidth();
      int values = s.reserve(size, BUFFER_ALIGNMENT);
      s.copy(vector.getDataBuffer(), 0, values, (int) size);
      s.i32(buffers + 4, values);
    }
    arrayHeader(at, rows, nullCount, nBuffers, buffers, 0, 0);
    return at;
  }

  private void variableWidthBuffers(BaseVariableWidthVector vector, int rows, int buffers) {
    ArrowBuf offsets = vector.getOffsetBuffer();
    int first = rows == 0 ? 0 : offsets.getInt(0);
    int last = rows == 0 ? 0 : offsets.getInt(4L * rows);
    int offsetsAt = s.reserve(4L * (rows + 1), BUFFER_ALIGNMENT);
    if (first == 0 && rows > 0) {
      s.copy(offsets, 0, offsetsAt, 4 * (rows + 1));
    } else {
      // A vector whose offsets start past 0 (a slice): the guest gets them rebased to 0.
      for (int i = 0; i <= rows; i++) {
        s.i32(offsetsAt + 4 * i, rows == 0 ? 0 : offsets.getInt(4L * i) - first);
      }
    }
    int data = s.reserve(last - first, BUFFER_ALIGNMENT);
    s.copy(vector.getDataBuffer(), first, data, last - first);
    s.i32(buffers + 4, offsetsAt);
    s.i32(buffers + 8, data);
  }

  /**
   * The data bytes of a VARCHAR or VARBINARY column, from its offsets[0] to offsets[rows], in one
   * bulk copy: the row ABI passes each value as a pointer into this copy.
   *
   * @param vector the column
   * @param rows its values
   * @return the copy's address (the byte at the vector's offsets[0])
   */
  public int bytes(FieldVector vector, int rows) {
    ArrowBuf offsets = ((BaseVariableWidthVector) vector).getOffsetBuffer();
    int first = rows == 0 ? 0 : offsets.getInt(0);
    int last = rows == 0 ? 0 : offsets.getInt(4L * rows);
    int at = s.reserve(last - first, BUFFER_ALIGNMENT);
    s.copy(vector.getDataBuffer(), first, at, last - first);
    return at;
  }

  /**
   * A zeroed, host-owned ArrowArray for the guest to fill.
   *
   * @return its address
   */
  public int zeroedArray() {
    int at = s.reserve(ARRAY_SIZE, STRUCT_ALIGNMENT);
    s.zero(at, ARRAY_SIZE);
    return at;
  }

  /**
   * A u32 array of state handles (ABI.md 5.4).
   *
   * @param handles the handles to write, or null to reserve {@code count} zeroed slots
   * @param count how many slots
   * @return the array's address
   */
  public int handles(int[] handles, int count) {
    int at = s.reserve(4L * count, 4);
    if (handles == null) {
      s.zero(at, 4 * count);
    } else {
      for (int i = 0; i < count; i++) {
        s.i32(at + 4 * i, handles[i]);
      }
    }
    return at;
  }

  private void arrayHeader(
      int at, long length, long nullCount, int nBuffers, int buffers, int nChildren, int children) {
    s.i64(at + ARRAY_LENGTH, length);
    s.i64(at + ARRAY_NULL_COUNT, nullCount);
    s.i64(at + ARRAY_OFFSET, 0);
    s.i64(at + ARRAY_N_BUFFERS, nBuffers);
    s.i64(at + ARRAY_N_CHILDREN, nChildren);
    s.i32(at + ARRAY_BUFFERS, buffers);
    s.i32(at + ARRAY_CHILDREN, children);
    s.i32(at + ARRAY_DICTIONARY, 0);
    s.i32(at + ARRAY_RELEASE, release);
    s.i32(at + ARRAY_PRIVATE_DATA, 0);
    s.i32(at + ARRAY_PRIVATE_DATA + 4, 0); // padding to the struct's 8-byte multiple
  }

  /**
   * @param rows values
   * @return bytes of a bitmap of that many bits
   */
  public static int bitBytes(long rows) {
    return (int) ((rows + 7) / 8);
  }
}
