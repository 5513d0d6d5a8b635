package io.sluice.storage;

import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The SQL column types Sluice stores, and their one canonical Arrow type each.
 *
 * <p>This mapping is shared by the whole project (storage, SQL layer, wasm ABI): a column of SQL
 * type {@code T} is always the Arrow type {@link #arrowType()} returns ({@link #decimal(int, int)}
 * for {@code DECIMAL(p,s)}). Any other Arrow type is refused with {@link UnsupportedTypeException}.
 */
public enum ColumnType {
  BOOLEAN("BOOLEAN", ArrowType.Bool.INSTANCE),
  TINYINT("TINYINT", new ArrowType.Int(8, true)),
  SMALLINT("SMALLINT", new ArrowType.Int(16, true)),
  INT("INT", new ArrowType.Int(32, true)),
  BIGINT("BIGINT", new ArrowType.Int(64, true)),
  FLOAT("FLOAT", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
  DOUBLE("DOUBLE", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
  /** {@code DECIMAL(p,s)}: its Arrow type depends on precision and scale, see {@link #decimal}. */
  DECIMAL("DECIMAL", null),
  VARCHAR("VARCHAR", ArrowType.Utf8.INSTANCE),
  VARBINARY("VARBINARY", ArrowType.Binary.INSTANCE),
  DATE("DATE", new ArrowType.Date(DateUnit.DAY)),
  TIME("TIME", new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
  TIMESTAMP("TIMESTAMP", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
  TIMESTAMP_WITH_TIME_ZONE(
      "TIMESTAMP WITH TIME ZONE", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));

  /** The largest precision of a {@code DECIMAL}: what a 128-bit Arrow decimal holds. */
  public static final int MAX_DECIMAL_PRECISION = 38;

  private final String sqlName;
  private final ArrowType arrowType;

  ColumnType(String sqlName, ArrowType arrowType) {
    this.sqlName = sqlName;
    this.arrowType = arrowType;
  }

  /**
   * @return the SQL spelling of this type, e.g. {@code TIMESTAMP WITH TIME ZONE}
   */
  public String sqlName() {
    return sqlName;
  }

  /**
   * @return the canonical Arrow type of this SQL type
   * @throws IllegalStateException for {@link #DECIMAL}, whose type needs a precision and scale
   */
  public ArrowType arrowType() {
    if (arrowType == null) {
      throw new IllegalStateException("DECIMAL needs a precision and scale: use decimal(p, s)");
    }
    return arrowType;
  }

  /**
   * @param precision total digits, 1 to 38
   * @param scale digits after the point, 0 to {@code precision}
   * @return the canonical Arrow type of {@code DECIMAL(precision, scale)}
   * @throws IllegalArgumentException if precision or scale is out of range
   */
  public static ArrowType decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
      throw new IllegalArgumentException(
          "DECIMAL("
              + precision
              + ","
              + scale
              + ") is out of range: precision must be 1 to 38 and scale 0 to precision");
    }
    return new ArrowType.Decimal(precision, scale, 128);
  }

  /**
   * @param type an Arrow type
   * @return the SQL type whose canonical Arrow type it is, or empty if it is not one Sluice stores
   */
  public static Optional<ColumnType> fromArrow(ArrowType type) {
    if (type instanceof ArrowType.Decimal) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) type;
      boolean valid =
          decimal.getBitWidth() == 128
              && decimal.getPrecision() >= 1
              && decimal.getPrecision() <= MAX_DECIMAL_PRECISION
              && decimal.getScale() >= 0
              && decimal.getScale() <= decimal.getPrecision();
      return valid ? Optional.of(DECIMAL) : Optional.empty();
    }
    for (ColumnType candidate : values()) {
      if (candidate.arrowType != null && candidate.arrowType.equals(type)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * @param field an Arrow field
   * @return its SQL type
   * @throws UnsupportedTypeException naming the column and its type if Sluice cannot store it
   */
  public static ColumnType of(Field field) {
    if (field.getDictionary() != null || !field.getChildren().isEmpty()) {
      throw new UnsupportedTypeException(field.getName(), describe(field.getType()));
    }
    return fromArrow(field.getType())
        .orElseThrow(
            () -> new UnsupportedTypeException(field.getName(), describe(field.getType())));
  }

  /**
   * Checks that every column of a schema has a supported type.
   *
   * @param schema the schema to check
   * @throws UnsupportedTypeException naming the first column whose type is not supported
   */
  public static void validate(Schema schema) {
    for (Field field : schema.getFields()) {
      of(field);
    }
  }

  /**
   * @param name the column name
   * @param type the Arrow type, one of the canonical ones
   * @param nullable whether the column may hold nulls
   * @return an Arrow field for the column
   * @throws UnsupportedTypeException if the type is not a canonical Sluice type
   */
  public static Field field(String name, ArrowType type, boolean nullable) {
    Field field = new Field(name, new FieldType(nullable, type, null), null);
    of(field);
    return field;
  }

  /**
   * @param type an Arrow type
   * @return its SQL spelling, e.g. {@code DECIMAL(12,2)}, or the Arrow description when it has none
   */
  public static String describe(ArrowType type) {
    if (type instanceof ArrowType.Decimal) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) type;
      if (decimal.getBitWidth() == 128) {
        return "DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
      }
    }
    return fromArrow(type)
        .map(ColumnType::sqlName)
        .orElse("Arrow type " + type + " (not a Sluice type)");
  }
}
