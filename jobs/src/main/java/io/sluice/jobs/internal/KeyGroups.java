package io.sluice.jobs.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Numbers the distinct keys of a task's rows from 0, in order of first appearance, and keeps one
 * copy of each key in an Arrow vector: the group ids an aggregate's states are addressed by, and
 * the key column of what the task writes.
 *
 * <p>Keys are compared by their bytes in Arrow's layout (the value bytes of fixed-width types, the
 * UTF-8 or binary bytes of VARCHAR and VARBINARY), which is SQL equality for every type but
 * floating point; there -0.0 equals 0.0 and every NaN equals every other NaN, as the storage's
 * shard hash has it. All NULL keys form one group, as in GROUP BY. Not thread-safe.
 */
public final class KeyGroups implements AutoCloseable {
  /** The bytes standing for NULL: no value's bytes can be this very array. */
  private static final Key NULL = new Key(new byte[0]);

  private final Field field;
  private final BufferAllocator allocator;
  private final Map<Key, Integer> groups = new HashMap<>();
  private FieldVector keys;

  /**
   * @param field the key column
   * @param allocator where the copies of the keys are kept
   */
  public KeyGroups(Field field, BufferAllocator allocator) {
    this.field = field;
    this.allocator = allocator;
    this.keys = field.createVector(allocator);
  }

  /**
   * @param column a batch's key column
   * @param rows the batch's rows
   * @return the group of each row; new keys get the next ids
   */
  public int[] assign(FieldVector column, int rows) {
    int[] ids = new int[rows];
    for (int row = 0; row < rows; row++) {
      Key key = column.isNull(row) ? NULL : new Key(bytes(column, row));
      Integer group = groups.get(key);
      if (group == null) {
        group = groups.size();
        groups.put(key, group);
        keys.copyFromSafe(row, group, column);
      }
      ids[row] = group;
    }
    return ids;
  }

  /**
   * @return how many distinct keys there are
   */
  public int size() {
    return groups.size();
  }

  /**
   * Hands over the keys, one per group in group order, and starts afresh with no groups.
   *
   * @return the keys; the caller owns and closes them
   */
  public FieldVector takeKeys() {
    FieldVector taken = keys;
    taken.setValueCount(groups.size());
    groups.clear();
    keys = field.createVector(allocator);
    return taken;
  }

  @Override
  public void close() {
    keys.close();
  }

  private static byte[] bytes(FieldVector column, int row) {
    if (column instanceof Float8Vector doubles) {
      return longBytes(Double.doubleToLongBits(canonical(doubles.get(row))));
    }
    if (column instanceof Float4Vector floats) {
      float v = floats.get(row);
      return longBytes(Float.floatToIntBits(v == 0.0f ? 0.0f : v));
    }
    if (column instanceof BitVector bits) {
      return new byte[] {(byte) bits.get(row)};
    }
    if (column instanceof BaseVariableWidthVector variable) {
      int start = variable.getStartOffset(row);
      byte[] value = new byte[variable.getValueLength(row)];
      variable.getDataBuffer().getBytes(start, value);
      return value;
    }
    if (column instanceof BaseFixedWidthVector fixed) {
      int width = fixed.getTypeWidth();
      byte[] value = new byte[width];
      ArrowBuf data = fixed.getDataBuffer();
      data.getBytes((long) row * width, value);
      return value;
    }
    throw new IllegalArgumentException(
        "keys of type " + column.getField().getType() + " are not supported");
  }

  private static double canonical(double v) {
    return v == 0.0 ? 0.0 : v; // -0.0 == 0.0; doubleToLongBits already folds every NaN into one
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  /** A key's bytes, with their hash computed once. */
  private static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other
          && (this == other
              || (other != NULL && this != NULL && Arrays.equals(bytes, other.bytes)));
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
