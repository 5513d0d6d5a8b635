package io.sluice.sql.type;

import java.nio.charset.StandardCharsets;
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
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Reads one value of an Arrow vector as the Java object Calcite's operators use for its SQL type:
 * Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal, String, ByteString; DATE as
 * Integer days; TIME as Integer and TIMESTAMP as Long milliseconds (stored microseconds are rounded
 * toward negative infinity).
 *
 * <p>Made once per vector, so the type is decided once per batch, not once per value.
 */
@FunctionalInterface
public interface ValueReader {

  /**
   * @param row the row in the vector
   * @return its value, or null for SQL NULL
   */
  Object read(int row);

  /**
   * @param vector a vector of a type Sluice stores
   * @return a reader of its values
   * @throws IllegalArgumentException for other vectors
   */
  static ValueReader of(FieldVector vector) {
    if (vector instanceof BitVector v) {
      return row -> v.isNull(row) ? null : v.get(row) != 0;
    } else if (vector instanceof TinyIntVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof SmallIntVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof IntVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof BigIntVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof Float4Vector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof Float8Vector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof DecimalVector v) {
      return row -> v.isNull(row) ? null : v.getObject(row);
    } else if (vector instanceof VarCharVector v) {
      return row -> v.isNull(row) ? null : new String(v.get(row), StandardCharsets.UTF_8);
    } else if (vector instanceof VarBinaryVector v) {
      return row -> v.isNull(row) ? null : new ByteString(v.get(row));
    } else if (vector instanceof DateDayVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof TimeMicroVector v) {
      return row -> v.isNull(row) ? null : (int) Math.floorDiv(v.get(row), 1000L);
    } else if (vector instanceof TimeStampMicroVector v) {
      return row -> v.isNull(row) ? null : Math.floorDiv(v.get(row), 1000L);
    } else if (vector instanceof TimeStampMicroTZVector v) {
      return row -> v.isNull(row) ? null : Math.floorDiv(v.get(row), 1000L);
    }
    throw new IllegalArgumentException(
        "column "
            + vector.getName()
            + " is a "
            + vector.getClass().getSimpleName()
            + ", which Sluice does not read");
  }
}
