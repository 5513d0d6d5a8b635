package io.sluice.connectors.internal;

import io.sluice.storage.Predicate;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Encodes a conjunction of column-versus-literal predicates as a Substrait {@code
 * ExtendedExpression} (Substrait 0.44, the version Arrow 18 reads), so that Arrow's dataset scanner
 * skips Parquet row groups whose statistics exclude every row and filters the rest natively. Only
 * predicates on integer, boolean, string, date and timestamp columns are encoded (floating point is
 * left out: Arrow's NaN ordering differs from Sluice's); the rest stay with Sluice's own filter,
 * which checks every row anyway.
 *
 * <p>Protocol Buffers are written by hand with {@link Proto}: the few messages needed do not
 * justify a generated Substrait library next to Flight's protobuf version.
 */
public final class SubstraitFilter {
  private static final String COMPARISON =
      "https://github.com/substrait-io/substrait/blob/main/extensions/functions_comparison.yaml";
  private static final String BOOLEAN =
      "https://github.com/substrait-io/substrait/blob/main/extensions/functions_boolean.yaml";

  private static final String[] FUNCTIONS = {
    "equal", "lt", "lte", "gt", "gte", "is_null", "is_not_null", "and"
  };

  private SubstraitFilter() {}

  /** The predicates of a filter that were encoded, and the encoding. */
  public record Encoded(ByteBuffer expression, List<Predicate> predicates) {}

  /**
   * @param fileSchema the file's columns, in the file's order
   * @param predicates predicates whose column names are the file's
   * @return the encoded conjunction of the predicates that can be encoded, or null if none can
   */
  public static Encoded encode(Schema fileSchema, List<Predicate> predicates) {
    List<Field> fields = fileSchema.getFields();
    List<byte[]> conditions = new ArrayList<>();
    List<Predicate> encoded = new ArrayList<>();
    for (Predicate predicate : predicates) {
      int column = -1;
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).getName().equals(predicate.column())) {
          column = i;
        }
      }
      if (column < 0) {
        continue;
      }
      byte[] condition = condition(predicate, column, fields.get(column).getType());
      if (condition != null) {
        conditions.add(condition);
        encoded.add(predicate);
      }
    }
    if (conditions.isEmpty()) {
      return null;
    }
    byte[] expression = conditions.get(0);
    for (int i = 1; i < conditions.size(); i++) {
      expression = call(8, expression, conditions.get(i));
    }
    Proto named = new Proto();
    Proto struct = new Proto();
    for (Field field : fields) {
      named.string(1, field.getName());
      struct.message(1, type(field.getType()));
    }
    struct.varint(3, 2); // NULLABILITY_REQUIRED for the struct itself
    named.message(2, struct);
    Proto root = new Proto();
    root.message(7, new Proto().varint(2, 44)); // Substrait 0.44.0
    root.message(1, new Proto().varint(1, 1).string(2, COMPARISON));
    root.message(1, new Proto().varint(1, 2).string(2, BOOLEAN));
    for (int i = 0; i < FUNCTIONS.length; i++) {
      int uri = FUNCTIONS[i].equals("and") ? 2 : 1;
      root.message(
          2,
          new Proto()
              .message(3, new Proto().varint(1, uri).varint(2, i + 1).string(3, FUNCTIONS[i])));
    }
    root.message(3, new Proto().bytes(1, expression).string(3, "filter"));
    root.message(4, named);
    byte[] bytes = root.toByteArray();
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
    buffer.put(bytes).flip();
    return new Encoded(buffer, List.copyOf(encoded));
  }

  /** One predicate as an Expression message, or null if its column or literal cannot be encoded. */
  private static byte[] condition(Predicate predicate, int column, ArrowType type) {
    if (!encodable(type)) {
      return null;
    }
    byte[] field = fieldReference(column);
    switch (predicate.operator()) {
      case IS_NULL:
        return call(6, field);
      case IS_NOT_NULL:
        return call(7, field);
      case BETWEEN:
        {
          byte[] low = literal(predicate.literals().get(0), type);
          byte[] high = literal(predicate.literals().get(1), type);
          return low == null || high == null
              ? null
              : call(8, call(5, field, low), call(3, field, high));
        }
      default:
        {
          byte[] value = literal(predicate.literals().get(0), type);
          if (value == null) {
            return null;
          }
          int function =
              switch (predicate.operator()) {
                case EQUAL -> 1;
                case LESS_THAN -> 2;
                case LESS_THAN_OR_EQUAL -> 3;
                case GREATER_THAN -> 4;
                default -> 5;
              };
          return call(function, field, value);
        }
    }
  }

  private static boolean encodable(ArrowType type) {
    return switch (type.getTypeID()) {
      case Int -> ((ArrowType.Int) type).getIsSigned();
      case Bool, Utf8, Timestamp -> true;
      case Date -> ((ArrowType.Date) type).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY;
      default -> false;
    };
  }

  /** A ScalarFunction call returning a nullable boolean, as an Expression. */
  private static byte[] call(int function, byte[]... arguments) {
    Proto call = new Proto().varint(1, function);
    for (byte[] argument : arguments) {
      call.message(4, new Proto().bytes(3, argument));
    }
    call.message(3, new Proto().message(1, new Proto().varint(2, 1)));
    return new Proto().message(3, call).toByteArray();
  }

  private static byte[] fieldReference(int column) {
    Proto reference =
        new Proto()
            .message(1, new Proto().message(2, new Proto().varint(1, column)))
            .message(4, new Proto());
    return new Proto().message(2, reference).toByteArray();
  }

  /** A literal of the column's type, or null if the value does not convert exactly. */
  private static byte[] literal(Object value, ArrowType type) {
    Proto literal = new Proto();
    switch (type.getTypeID()) {
      case Int -> {
        if (!(value instanceof Long
            || value instanceof Integer
            || value instanceof Short
            || value instanceof Byte)) {
          return null;
        }
        long v = ((Number) value).longValue();
        int bits = ((ArrowType.Int) type).getBitWidth();
        if (bits < 64 && (v < -(1L << (bits - 1)) || v >= (1L << (bits - 1)))) {
          return null; // outside the column's range: leave it to Sluice's filter
        }
        switch (bits) {
          case 8 -> literal.varint(2, v);
          case 16 -> literal.varint(3, v);
          case 32 -> literal.varint(5, v);
          default -> literal.varint(7, v);
        }
      }
      case Bool -> {
        if (value instanceof Boolean b) {
          literal.varint(1, b ? 1 : 0);
        } else if (value instanceof Long l && (l == 0 || l == 1)) {
          literal.varint(1, l);
        } else {
          return null;
        }
      }
      case Utf8 -> {
        if (!(value instanceof String s)) {
          return null;
        }
        literal.string(12, s);
      }
      case Date -> {
        if (!(value instanceof Long || value instanceof Integer)) {
          return null;
        }
        literal.varint(16, ((Number) value).longValue());
      }
      case Timestamp -> {
        if (!(value instanceof Long micros)) {
          return null;
        }
        // Deprecated but read by Arrow: microseconds, with or without a UTC zone.
        literal.varint(((ArrowType.Timestamp) type).getTimezone() == null ? 14 : 27, micros);
      }
      default -> {
        return null;
      }
    }
    literal.varint(50, 0); // not nullable
    return new Proto().message(1, literal).toByteArray();
  }

  /** A Substrait Type message for a column of the base schema. */
  private static Proto type(ArrowType type) {
    Proto nullable = new Proto().varint(2, 1);
    switch (type.getTypeID()) {
      case Bool:
        return new Proto().message(1, nullable);
      case Int:
        return switch (((ArrowType.Int) type).getBitWidth()) {
          case 8 -> new Proto().message(2, nullable);
          case 16 -> new Proto().message(3, nullable);
          case 32 -> new Proto().message(5, nullable);
          default -> new Proto().message(7, nullable);
        };
      case FloatingPoint:
        return new Proto()
            .message(
                ((ArrowType.FloatingPoint) type).getPrecision()
                        == org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE
                    ? 11
                    : 10,
                nullable);
      case Binary:
      case LargeBinary:
      case FixedSizeBinary:
        return new Proto().message(13, nullable);
      case Date:
        return new Proto().message(16, nullable);
      case Timestamp:
        {
          ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
          int precision =
              timestamp.getUnit() == TimeUnit.SECOND
                  ? 0
                  : timestamp.getUnit() == TimeUnit.MILLISECOND
                      ? 3
                      : timestamp.getUnit() == TimeUnit.MICROSECOND ? 6 : 9;
          return new Proto()
              .message(
                  timestamp.getTimezone() == null ? 33 : 34,
                  new Proto().varint(1, precision).varint(3, 1));
        }
      case Decimal:
        {
          ArrowType.Decimal decimal = (ArrowType.Decimal) type;
          return new Proto()
              .message(
                  24,
                  new Proto()
                      .varint(1, decimal.getScale())
                      .varint(2, decimal.getPrecision())
                      .varint(4, 1));
        }
      default:
        // Never referenced by a condition; declared as a string so the schema is complete.
        return new Proto().message(12, nullable);
    }
  }

  /** The few Protocol Buffers wire-format writes Substrait needs. */
  static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void raw(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }

    Proto varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
      return this;
    }

    Proto bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.write(value, 0, value.length);
      return this;
    }

    Proto string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto value) {
      return bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
