package io.sluice.wasidata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * Builds test vectors of every SQL type (random values, extremes first, some NULLs) and compares
 * vectors value by value; the Java-side oracle for the codec tests.
 */
final class Vectors {
  private Vectors() {}

  /** Values every type's vector starts with, before the random ones. */
  private static final String[] STRINGS = {"", "a", "héllo", "😀 emoji", "", "naïve ünïcödé ✓"};

  /**
   * A vector of {@code rows} values: the type's extremes first, then random values; every fifth row
   * (from row 3) is NULL.
   */
  static FieldVector sample(SqlType type, BufferAllocator allocator, int rows, long seed) {
    Random random = new Random(seed);
    FieldVector v = type.field("v").createVector(allocator);
    v.allocateNew();
    for (int i = 0; i < rows; i++) {
      if (i % 5 == 3) {
        setNull(v, i);
      } else {
        set(v, type, i, random);
      }
    }
    v.setValueCount(rows);
    return v;
  }

  private static void setNull(FieldVector v, int i) {
    // setNull does not grow the buffers; make room first by setting a value
    if (v instanceof VarCharVector) {
      ((VarCharVector) v).setSafe(i, new byte[0]);
    } else if (v instanceof VarBinaryVector) {
      ((VarBinaryVector) v).setSafe(i, new byte[0]);
    } else {
      while (i >= v.getValueCapacity()) {
        v.reAlloc();
      }
    }
    v.setNull(i);
  }

  private static void set(FieldVector v, SqlType type, int i, Random r) {
    switch (type.kind()) {
      case BOOLEAN:
        ((BitVector) v).setSafe(i, i < 2 ? i : r.nextInt(2));
        break;
      case TINYINT:
        ((TinyIntVector) v)
            .setSafe(i, (int) pick(i, r.nextInt(), Byte.MIN_VALUE, Byte.MAX_VALUE, 0));
        break;
      case SMALLINT:
        ((SmallIntVector) v)
            .setSafe(i, (int) pick(i, r.nextInt(), Short.MIN_VALUE, Short.MAX_VALUE, -1));
        break;
      case INT:
        ((IntVector) v)
            .setSafe(i, (int) pick(i, r.nextInt(), Integer.MIN_VALUE, Integer.MAX_VALUE, 0));
        break;
      case DATE:
        ((DateDayVector) v)
            .setSafe(i, (int) pick(i, r.nextInt(), Integer.MIN_VALUE, Integer.MAX_VALUE, 0));
        break;
      case BIGINT:
        ((BigIntVector) v).setSafe(i, pick(i, r.nextLong(), Long.MIN_VALUE, Long.MAX_VALUE, 0));
        break;
      case TIMESTAMP:
      case TIMESTAMP_TZ:
        ((TimeStampVector) v).setSafe(i, pick(i, r.nextLong(), Long.MIN_VALUE, Long.MAX_VALUE, 0));
        break;
      case TIME:
        long micros = Math.floorMod(r.nextLong(), 86_400_000_000L);
        ((TimeMicroVector) v).setSafe(i, pick(i, micros, 0, 86_399_999_999L, 1));
        break;
      case FLOAT:
        float[] floats = {
          Float.NaN, -0.0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE
        };
        ((Float4Vector) v).setSafe(i, i < floats.length ? floats[i] : r.nextFloat() * 1e6f - 5e5f);
        break;
      case DOUBLE:
        double[] doubles = {
          Double.NaN, -0.0, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE
        };
        ((Float8Vector) v).setSafe(i, i < doubles.length ? doubles[i] : r.nextGaussian() * 1e100);
        break;
      case DECIMAL:
        ((DecimalVector) v).setSafe(i, decimal(type, i, r));
        break;
      case VARCHAR:
        String s = i < STRINGS.length ? STRINGS[i] : randomText(r);
        ((VarCharVector) v).setSafe(i, s.getBytes(StandardCharsets.UTF_8));
        break;
      case VARBINARY:
        byte[] b = new byte[i == 0 ? 0 : i == 1 ? 256 : r.nextInt(40)];
        for (int k = 0; k < b.length; k++) {
          b[k] = (byte) (i == 1 ? k : r.nextInt());
        }
        ((VarBinaryVector) v).setSafe(i, b);
        break;
      default:
        throw new AssertionError(type);
    }
  }

  private static long pick(int i, long random, long min, long max, long zero) {
    return i == 0 ? min : i == 1 ? max : i == 2 ? zero : Math.max(min, Math.min(max, random));
  }

  private static BigDecimal decimal(SqlType type, int i, Random r) {
    BigInteger max = BigInteger.TEN.pow(type.precision()).subtract(BigInteger.ONE);
    BigInteger unscaled =
        i == 0
            ? max.negate()
            : i == 1 ? max : i == 2 ? BigInteger.ZERO : new BigInteger(max.bitLength() - 1, r);
    if (i > 2 && r.nextBoolean()) {
      unscaled = unscaled.negate();
    }
    return new BigDecimal(unscaled, type.scale());
  }

  private static String randomText(Random r) {
    StringBuilder s = new StringBuilder();
    int length = r.nextInt(30);
    for (int k = 0; k < length; k++) {
      int kind = r.nextInt(10);
      s.appendCodePoint(
          kind < 6
              ? 'a' + r.nextInt(26)
              : kind < 8 ? 0xC0 + r.nextInt(0x100) : 0x1F600 + r.nextInt(50));
    }
    return s.toString();
  }

  /** A VARCHAR vector of the given values whose offsets start at {@code skip}, not 0. */
  static VarCharVector varcharWithLeadingBytes(
      BufferAllocator allocator, List<String> values, int skip) {
    List<byte[]> bytes = new ArrayList<>();
    int total = skip;
    for (String s : values) {
      byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
      bytes.add(b);
      total += b.length;
    }
    int rows = values.size();
    try (ArrowBuf validity = allocator.buffer((rows + 7) / 8);
        ArrowBuf offsets = allocator.buffer(4L * (rows + 1));
        ArrowBuf data = allocator.buffer(Math.max(1, total))) {
      validity.setZero(0, validity.capacity());
      int at = skip;
      for (int k = 0; k < skip; k++) {
        data.setByte(k, 0xff); // not UTF-8: a guest that reads it would fail the result
      }
      offsets.setInt(0, at);
      for (int i = 0; i < rows; i++) {
        if (values.get(i) != null) {
          validity.setByte(i / 8, validity.getByte(i / 8) | (1 << (i % 8)));
        }
        data.setBytes(at, bytes.get(i));
        at += bytes.get(i).length;
        offsets.setInt(4L * (i + 1), at);
      }
      VarCharVector v = new VarCharVector("v", allocator);
      int nulls = (int) values.stream().filter(s -> s == null).count();
      v.loadFieldBuffers(new ArrowFieldNode(rows, nulls), List.of(validity, offsets, data));
      return v;
    }
  }

  /** Asserts two vectors hold the same type, NULLs and values (NaN equal to NaN, -0.0 to -0.0). */
  static void assertSameValues(FieldVector expected, FieldVector actual) {
    assertEquals(expected.getField().getType(), actual.getField().getType());
    assertEquals(expected.getValueCount(), actual.getValueCount(), "value count");
    assertEquals(expected.getNullCount(), actual.getNullCount(), "null count");
    for (int i = 0; i < expected.getValueCount(); i++) {
      assertEquals(expected.isNull(i), actual.isNull(i), "null at row " + i);
      Object e = expected.getObject(i);
      Object a = actual.getObject(i);
      if (e instanceof byte[]) {
        assertArrayEquals((byte[]) e, (byte[]) a, "row " + i);
      } else {
        assertEquals(e, a, "row " + i);
      }
    }
  }

  static IntVector ints(BufferAllocator allocator, Integer... values) {
    IntVector v = new IntVector("v", allocator);
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.set(i, values[i]);
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  static VarCharVector strings(BufferAllocator allocator, String... values) {
    VarCharVector v = new VarCharVector("v", allocator);
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  static VarBinaryVector binaries(BufferAllocator allocator, byte[]... values) {
    VarBinaryVector v = new VarBinaryVector("v", allocator);
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.setSafe(i, values[i]);
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  static Float8Vector doubles(BufferAllocator allocator, Double... values) {
    Float8Vector v = new Float8Vector("v", allocator);
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.set(i, values[i]);
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  /** Every row's value as a Java object (null for NULL; String for VARCHAR). */
  static List<Object> values(FieldVector v) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < v.getValueCount(); i++) {
      Object o = v.getObject(i);
      out.add(o == null ? null : v instanceof VarCharVector ? o.toString() : o);
    }
    return out;
  }
}
