package io.sluice.wasidata.internal;

import com.dylibso.chicory.runtime.ExportFunction;
import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.GuestMemory;
import io.sluice.wasidata.SluiceImports;
import io.sluice.wasidata.SqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * One batch through a row-ABI function (ABI.md section 6): the host loops over the rows and calls
 * the export once per row with plain wasm values, writing each result straight into new Arrow
 * buffers.
 *
 * <p>This is the row ABI's hot loop, so it is written for it: argument and result kinds are decoded
 * once per batch into small codes, values are read from and written to the Arrow buffers directly,
 * and one {@code long[]} of parameters is reused for every row. String arguments are not copied per
 * row: their whole data buffers were copied into the staging block once, and each row passes a
 * pointer into that copy.
 *
 * <p>Ownership: the vector returned is new, from the caller's allocator, and the caller's to close;
 * nothing stays allocated when the call fails. String results are read from guest memory right
 * after each row's call; the guest may free them at {@code sluice_reclaim}, which the caller
 * invokes after the batch.
 */
public final class RowCall {
  private static final int BOOLEAN = 0;
  private static final int I8 = 1;
  private static final int I16 = 2;
  private static final int I32 = 3; // INT, DATE, FLOAT (its bits)
  private static final int I64 = 4; // BIGINT, TIMESTAMP(_TZ), DOUBLE (its bits)
  private static final int TIME = 5;
  private static final int DECIMAL = 6;
  private static final int BYTES = 7; // VARCHAR, VARBINARY

  private final GuestMemory memory;
  private final SluiceImports imports;
  private final ExportFunction export;
  private final FunctionDescriptor function;
  private final int rows;
  private final boolean strict;
  private final long maxBytes;

  private final int[] argKind;
  private final ArrowBuf[] argValues;
  private final ArrowBuf[] argOffsets;
  private final ArrowBuf[] argValidity;
  private final int[] argBase;
  private final long[] params;

  private final SqlType resultType;
  private final int resultKind;
  private final List<ArrowBuf> owned = new ArrayList<>(4);
  private ArrowBuf validity;
  private ArrowBuf values;
  private ArrowBuf offsets;
  private long bytes;
  private int dataUsed;
  private long guestCalls;

  /**
   * @param memory the guest's memory
   * @param imports the instance's host-function state
   * @param export the row function
   * @param function its descriptor (ABI ROW)
   * @param args the argument vectors, {@code rows} values each
   * @param rows the batch's rows
   * @param stringBases for each VARCHAR/VARBINARY argument, the staging address of its data buffer
   *     copy (the bytes from its offsets[0] on); unused for other arguments
   * @param maxBytes the most result bytes this call may produce
   */
  public RowCall(
      GuestMemory memory,
      SluiceImports imports,
      ExportFunction export,
      FunctionDescriptor function,
      List<? extends FieldVector> args,
      int rows,
      int[] stringBases,
      long maxBytes) {
    this.memory = memory;
    this.imports = imports;
    this.export = export;
    this.function = function;
    this.rows = rows;
    this.strict = function.nulls() == FunctionDescriptor.Nulls.STRICT;
    this.maxBytes = maxBytes;
    int n = args.size();
    this.argKind = new int[n];
    this.argValues = new ArrowBuf[n];
    this.argOffsets = new ArrowBuf[n];
    this.argValidity = new ArrowBuf[n];
    this.argBase = new int[n];
    int paramCount = strict ? 0 : 1;
    for (int a = 0; a < n; a++) {
      FieldVector v = args.get(a);
      SqlType type = function.arguments().get(a).type();
      argKind[a] = kindOf(type);
      argValues[a] = v.getDataBuffer();
      argValidity[a] = rows > 0 && v.getNullCount() > 0 ? v.getValidityBuffer() : null;
      if (argKind[a] == BYTES) {
        argOffsets[a] = ((BaseVariableWidthVector) v).getOffsetBuffer();
        // the staged copy starts at the vector's offsets[0]: shift pointers back by it
        argBase[a] = stringBases[a] - (rows == 0 ? 0 : argOffsets[a].getInt(0));
      }
      paramCount += type.rowParams().size();
    }
    this.params = new long[paramCount];
    this.resultType = function.resultType();
    this.resultKind = kindOf(resultType);
  }

  private static int kindOf(SqlType type) {
    switch (type.kind()) {
      case BOOLEAN:
        return BOOLEAN;
      case TINYINT:
        return I8;
      case SMALLINT:
        return I16;
      case INT:
      case DATE:
      case FLOAT:
        return I32;
      case TIME:
        return TIME;
      case DECIMAL:
        return DECIMAL;
      case VARCHAR:
      case VARBINARY:
        return BYTES;
      default:
        return I64;
    }
  }

  /**
   * Runs the loop.
   *
   * @param allocator where the result vector is allocated
   * @return the results, one per row, NULL where a STRICT function saw a NULL argument or a CALLED
   *     one returned NULL
   * @throws CallFailure when the guest reports an error, traps or returns an invalid value
   */
  public FieldVector run(BufferAllocator allocator) {
    try {
      allocateResult(allocator);
      for (int r = 0; r < rows; r++) {
        if (resultKind == BYTES) {
          offsets.setInt(4L * r, dataUsed); // row r starts where the data so far ends
        }
        int nulls = nullMask(r);
        if (nulls != 0 && strict) {
          continue; // STRICT: the function is not called, the result is NULL
        }
        fillParams(r, nulls);
        imports.beginRow();
        long[] result = GuestCalls.invoke(export, r, params);
        guestCalls++;
        if (imports.errorMessage() != null) {
          throw CallFailure.guestError(r, imports.errorMessage(), 0);
        }
        if (imports.returnedNull()) {
          if (strict) {
            throw CallFailure.invalid(
                r,
                "row "
                    + r
                    + " called return_null, but the function is NULLS STRICT and never returns"
                    + " NULL");
          }
          continue;
        }
        writeResult(r, result[0], allocator);
      }
      return finish(allocator);
    } finally {
      close(owned);
    }
  }

  /**
   * @return bytes of result buffers produced
   */
  public long bytesOut() {
    return bytes;
  }

  /**
   * @return how many times the export was called (rows with a NULL argument are skipped when
   *     STRICT)
   */
  public long guestCalls() {
    return guestCalls;
  }

  private int nullMask(int row) {
    int mask = 0;
    for (int a = 0; a < argValidity.length; a++) {
      if (argValidity[a] != null && !Bits.isSet(argValidity[a], row)) {
        mask |= 1 << a;
      }
    }
    return mask;
  }

  private void fillParams(int r, int nulls) {
    int p = 0;
    for (int a = 0; a < argKind.length; a++) {
      boolean isNull = (nulls & (1 << a)) != 0;
      ArrowBuf v = argValues[a];
      switch (argKind[a]) {
        case BOOLEAN:
          params[p++] = isNull ? 0 : (Bits.isSet(v, r) ? 1 : 0);
          break;
        case I8:
          params[p++] = isNull ? 0 : v.getByte(r);
          break;
        case I16:
          params[p++] = isNull ? 0 : v.getShort(2L * r);
          break;
        case I32:
          params[p++] = isNull ? 0 : v.getInt(4L * r);
          break;
        case DECIMAL:
          params[p++] = isNull ? 0 : v.getLong(16L * r); // p <= 18: the low 64 bits hold it
          break;
        case BYTES:
          ArrowBuf o = argOffsets[a];
          int start = isNull ? 0 : o.getInt(4L * r);
          params[p++] = isNull ? 0 : argBase[a] + start;
          params[p++] = isNull ? 0 : o.getInt(4L * r + 4) - start;
          break;
        default: // I64, TIME
          params[p++] = isNull ? 0 : v.getLong(8L * r);
      }
    }
    if (!strict) {
      params[p] = nulls;
    }
  }

  /**
   * Allocates the result's buffers. The byte cap counts what the result holds (validity, values or
   * offsets, then each row's string bytes as they come), not the spare room of a growing buffer.
   */
  private void allocateResult(BufferAllocator allocator) {
    long validitySize = BatchExporter.bitBytes(rows);
    long valuesSize =
        resultKind == BYTES
            ? 4L * (rows + 1)
            : resultKind == BOOLEAN
                ? BatchExporter.bitBytes(rows)
                : (long) rows * resultType.byteWidth();
    checkBytes(validitySize + valuesSize);
    bytes = validitySize + valuesSize;
    validity = allocate(allocator, validitySize);
    validity.setZero(0, validity.capacity());
    if (resultKind == BYTES) {
      offsets = allocate(allocator, valuesSize);
      offsets.setInt(0, 0);
      values = allocate(allocator, Math.max(64, 16L * rows));
    } else {
      values = allocate(allocator, valuesSize);
      values.setZero(0, values.capacity());
    }
  }

  private void checkBytes(long total) {
    if (total > maxBytes) {
      throw CallFailure.outputLimit(
          "the output of at least " + total + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
  }

  private void writeResult(int r, long result, BufferAllocator allocator) {
    switch (resultKind) {
      case BOOLEAN:
        if ((int) result != 0) {
          values.setByte(r >>> 3, values.getByte(r >>> 3) | (1 << (r & 7)));
        }
        break;
      case I8:
        values.setByte(r, (byte) checkRange(r, (int) result, Byte.MIN_VALUE, Byte.MAX_VALUE));
        break;
      case I16:
        values.setShort(
            2L * r, (short) checkRange(r, (int) result, Short.MIN_VALUE, Short.MAX_VALUE));
        break;
      case I32:
        values.setInt(4L * r, (int) result);
        break;
      case TIME:
        if (result < 0 || result >= ValueChecks.MICROS_PER_DAY) {
          throw CallFailure.invalid(r, ValueChecks.timeProblem(result, r));
        }
        values.setLong(8L * r, result);
        break;
      case DECIMAL:
        if (!ValueChecks.fits(resultType.precision(), result >> 63, result)) {
          throw CallFailure.invalid(
              r, ValueChecks.decimalProblem(resultType, result >> 63, result, r));
        }
        values.setLong(16L * r, result);
        values.setLong(16L * r + 8, result >> 63);
        break;
      case BYTES:
        appendBytes(r, result, allocator);
        break;
      default:
        values.setLong(8L * r, result);
    }
    validity.setByte(r >>> 3, validity.getByte(r >>> 3) | (1 << (r & 7)));
  }

  private int checkRange(int r, int value, int min, int max) {
    if (value < min || value > max) {
      throw CallFailure.invalid(
          r, "the result " + value + " at row " + r + " does not fit " + resultType);
    }
    return value;
  }

  /** A VARCHAR/VARBINARY result, {@code ptr | len << 32}, checked and copied out at once. */
  private void appendBytes(int r, long packed, BufferAllocator allocator) {
    long pointer = packed & 0xFFFFFFFFL;
    long length = packed >>> 32;
    if (pointer + length > memory.byteSize()) {
      throw CallFailure.invalid(
          r,
          "the result at row "
              + r
              + ", "
              + BatchImporter.hex(pointer)
              + " + "
              + length
              + " bytes, is outside the guest memory of "
              + memory.byteSize()
              + " bytes");
    }
    if (resultType.kind() == SqlType.Kind.VARCHAR
        && memory.findInvalidUtf8((int) pointer, (int) length) >= 0) {
      throw CallFailure.invalid(r, "invalid UTF-8 at row " + r);
    }
    long end = dataUsed + length;
    checkBytes(bytes + end);
    if (end > Integer.MAX_VALUE - 1) {
      throw CallFailure.outputLimit(
          "the output of " + end + " bytes of data exceeds Arrow's 2 GiB");
    }
    if (end > values.capacity()) {
      growData(allocator, end);
    }
    memory.copyTo((int) pointer, values, dataUsed, (int) length);
    dataUsed = (int) end;
  }

  private void growData(BufferAllocator allocator, long needed) {
    long capacity = Math.max(needed, Math.min(Integer.MAX_VALUE - 1L, 2 * values.capacity()));
    ArrowBuf bigger = allocate(allocator, capacity);
    bigger.setBytes(0, values, 0, dataUsed);
    owned.remove(values);
    values.close();
    values = bigger;
  }

  private FieldVector finish(BufferAllocator allocator) {
    List<ArrowBuf> buffers = new ArrayList<>(3);
    buffers.add(validity);
    if (resultKind == BYTES) {
      offsets.setInt(4L * rows, dataUsed);
      buffers.add(offsets);
      bytes += dataUsed;
    }
    buffers.add(values);
    int nulls = Bits.countZeros(validity, rows);
    FieldVector vector = resultType.field(function.name()).createVector(allocator);
    try {
      vector.loadFieldBuffers(new ArrowFieldNode(rows, nulls), buffers);
    } catch (RuntimeException | Error e) {
      vector.close();
      throw e;
    }
    return vector;
  }

  private ArrowBuf allocate(BufferAllocator allocator, long size) {
    ArrowBuf buf = allocator.buffer(size);
    owned.add(buf);
    return buf;
  }

  private static void close(List<ArrowBuf> buffers) {
    try {
      AutoCloseables.close(buffers);
    } catch (Exception e) {
      throw new IllegalStateException("closing Arrow buffers failed", e);
    }
  }
}
