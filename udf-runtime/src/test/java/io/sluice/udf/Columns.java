package io.sluice.udf;

import io.sluice.wasidata.SqlType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
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

/**
 * Builds Arrow columns of any SQL type from Java values and reads them back as comparable Java
 * values, so tests state inputs and expected outputs as plain lists.
 *
 * <p>Values are in their ABI representation: BOOLEAN Boolean, TINYINT Byte, SMALLINT Short, INT and
 * DATE Integer, BIGINT, TIME and both TIMESTAMPs Long, FLOAT Float, DOUBLE Double, DECIMAL
 * BigDecimal, VARCHAR String, VARBINARY byte[] (read back as a hex string); null is NULL.
 */
public final class Columns {

  private Columns() {}

  /**
   * @param allocator where the vector is allocated
   * @param type the column's SQL type
   * @param values its values, null for NULL
   * @return a new vector; the caller closes it
   */
  public static FieldVector of(BufferAllocator allocator, SqlType type, List<?> values) {
    FieldVector vector = type.field("v").createVector(allocator);
    vector.setInitialCapacity(values.size());
    vector.allocateNew();
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value == null) {
        setNull(vector, i);
      } else {
        set(vector, type, i, value);
      }
    }
    vector.setValueCount(values.size());
    return vector;
  }

  /**
   * @param allocator where the vector is allocated
   * @param type the column's SQL type
   * @param values its values, null for NULL
   * @return a new vector; the caller closes it
   */
  public static FieldVector of(BufferAllocator allocator, SqlType type, Object... values) {
    return of(allocator, type, Arrays.asList(values));
  }

  private static void setNull(FieldVector vector, int i) {
    if (vector instanceof BaseFixedWidthVector fixed) {
      fixed.setNull(i);
    } else {
      ((BaseVariableWidthVector) vector).setNull(i);
    }
  }

  private static void set(FieldVector vector, SqlType type, int i, Object value) {
    switch (type.kind()) {
      case BOOLEAN -> ((BitVector) vector).setSafe(i, (Boolean) value ? 1 : 0);
      case TINYINT -> ((TinyIntVector) vector).setSafe(i, (Byte) value);
      case SMALLINT -> ((SmallIntVector) vector).setSafe(i, (Short) value);
      case INT -> ((IntVector) vector).setSafe(i, (Integer) value);
      case BIGINT -> ((BigIntVector) vector).setSafe(i, (Long) value);
      case FLOAT -> ((Float4Vector) vector).setSafe(i, (Float) value);
      case DOUBLE -> ((Float8Vector) vector).setSafe(i, (Double) value);
      case DECIMAL -> ((DecimalVector) vector).setSafe(i, (BigDecimal) value);
      case VARCHAR ->
          ((BaseVariableWidthVector) vector)
              .setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
      case VARBINARY -> ((BaseVariableWidthVector) vector).setSafe(i, (byte[]) value);
      case DATE -> ((DateDayVector) vector).setSafe(i, (Integer) value);
      case TIME -> ((TimeMicroVector) vector).setSafe(i, (Long) value);
      case TIMESTAMP, TIMESTAMP_TZ -> ((TimeStampVector) vector).setSafe(i, (Long) value);
      default -> throw new IllegalArgumentException("no test support for " + type);
    }
  }

  /**
   * @param vector a column of a Sluice SQL type
   * @return its values as comparable Java objects (VARBINARY as lower-case hex), null for NULL
   */
  public static List<Object> values(FieldVector vector) {
    SqlType type = SqlType.fromArrowType(vector.getField().getType());
    List<Object> values = new ArrayList<>(vector.getValueCount());
    for (int i = 0; i < vector.getValueCount(); i++) {
      values.add(vector.isNull(i) ? null : value(vector, type, i));
    }
    return values;
  }

  private static Object value(FieldVector vector, SqlType type, int i) {
    switch (type.kind()) {
      case BOOLEAN:
        return ((BitVector) vector).get(i) != 0;
      case VARCHAR:
        return new String(((BaseVariableWidthVector) vector).get(i), StandardCharsets.UTF_8);
      case VARBINARY:
        return HexFormat.of().formatHex(((BaseVariableWidthVector) vector).get(i));
      case TIMESTAMP:
      case TIMESTAMP_TZ:
        return ((TimeStampVector) vector).get(i);
      case TIME:
        return ((TimeMicroVector) vector).get(i);
      default:
        return vector.getObject(i);
    }
  }

  /**
   * @param values Java values as given to {@link #of}
   * @return them as {@link #values} reads them back (byte[] as hex)
   */
  public static List<Object> expected(List<?> values) {
    List<Object> out = new ArrayList<>();
    for (Object v : values) {
      out.add(v instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : v);
    }
    return out;
  }
}
