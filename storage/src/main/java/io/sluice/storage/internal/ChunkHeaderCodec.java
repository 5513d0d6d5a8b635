package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import java.math.BigDecimal;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The binary format of a chunk header value (big-endian; byte-level description in
 * docs/storage.md).
 */
public final class ChunkHeaderCodec {

  private static final int VERSION = 1;
  private static final int HAS_VALUES = 1;
  private static final int MAX_UNBOUNDED = 2;

  private ChunkHeaderCodec() {}

  /**
   * @param header the header
   * @param fields the table's columns
   * @return the stored value
   */
  public static byte[] encode(ChunkHeader header, List<Field> fields) {
    int size = 1 + 4 + 4;
    for (ColumnStatistics statistics : header.statistics()) {
      size += 4 + 8 + 1 + boundBytes(statistics.min()) + boundBytes(statistics.max());
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put((byte) VERSION).putInt(header.rowCount()).putInt(fields.size());
    for (int column = 0; column < fields.size(); column++) {
      ColumnStatistics statistics = header.statistics()[column];
      out.putInt(header.valueBytes()[column]).putLong(statistics.nullCount());
      int flags =
          (statistics.hasValues() ? HAS_VALUES : 0)
              | (statistics.maxUnbounded() ? MAX_UNBOUNDED : 0);
      out.put((byte) flags);
      if (statistics.hasValues()) {
        putBound(out, statistics.min());
        if (!statistics.maxUnbounded()) {
          putBound(out, statistics.max());
        }
      }
    }
    return out.array();
  }

  /**
   * @param chunkId the chunk id from the key
   * @param value the stored value
   * @param fields the table's columns
   * @return the header
   * @throws IllegalArgumentException if the value is malformed
   */
  public static ChunkHeader decode(long chunkId, byte[] value, List<Field> fields) {
    try {
      ByteBuffer in = ByteBuffer.wrap(value);
      int version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown chunk header version " + version);
      }
      int rows = in.getInt();
      int columns = in.getInt();
      if (rows < 1 || columns != fields.size()) {
        throw new IllegalArgumentException(
            "header says "
                + rows
                + " rows and "
                + columns
                + " columns; the table has "
                + fields.size());
      }
      int[] valueBytes = new int[columns];
      ColumnStatistics[] statistics = new ColumnStatistics[columns];
      for (int column = 0; column < columns; column++) {
        valueBytes[column] = in.getInt();
        long nulls = in.getLong();
        int flags = in.get();
        Field field = fields.get(column);
        ValueKind kind = ValueKind.of(ColumnType.of(field));
        Object min = null;
        Object max = null;
        if ((flags & HAS_VALUES) != 0) {
          min = getBound(in, kind, field);
          if ((flags & MAX_UNBOUNDED) == 0) {
            max = getBound(in, kind, field);
          }
        }
        if (valueBytes[column] < 0 || nulls < 0 || nulls > rows) {
          throw new IllegalArgumentException("column " + column + " has impossible sizes");
        }
        statistics[column] = new ColumnStatistics(nulls, min, max, (flags & MAX_UNBOUNDED) != 0);
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " unexpected trailing bytes");
      }
      return new ChunkHeader(chunkId, rows, valueBytes, statistics);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the header is truncated", e);
    }
  }

  private static int boundBytes(Object bound) {
    if (bound == null) {
      return 0;
    }
    if (bound instanceof byte[]) {
      return 2 + ((byte[]) bound).length;
    }
    return bound instanceof BigDecimal ? 16 : 8;
  }

  private static void putBound(ByteBuffer out, Object bound) {
    if (bound instanceof Long) {
      out.putLong((Long) bound);
    } else if (bound instanceof Double) {
      out.putDouble((Double) bound);
    } else if (bound instanceof BigDecimal) {
      long[] unscaled = VectorValues.unscaled((BigDecimal) bound);
      out.putLong(unscaled[1]).putLong(unscaled[0]);
    } else {
      byte[] bytes = (byte[]) bound;
      out.putShort((short) bytes.length).put(bytes);
    }
  }

  private static Object getBound(ByteBuffer in, ValueKind kind, Field field) {
    switch (kind) {
      case LONG:
        return in.getLong();
      case DOUBLE:
        return in.getDouble();
      case DECIMAL:
        long high = in.getLong();
        long low = in.getLong();
        return VectorValues.decimal(low, high, ((ArrowType.Decimal) field.getType()).getScale());
      default:
        int length = Short.toUnsignedInt(in.getShort());
        if (length > ColumnStatistics.MAX_BYTES) {
          throw new IllegalArgumentException("a byte-string bound of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
  }
}
