package io.sluice.sql.type;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Maps Calcite's SQL types to the Arrow types Sluice stores, and back.
 *
 * <p>The mapping is the project's canonical one (docs/sql.md): TIME and TIMESTAMP are stored in
 * microseconds, while Calcite computes with milliseconds, so the SQL layer shows them with
 * precision 3; {@code TIMESTAMP WITH TIME ZONE} is stored as a UTC instant and shown as Calcite's
 * {@code TIMESTAMP WITH LOCAL TIME ZONE}; {@code FLOAT} and {@code REAL} are 4-byte floats (as in
 * DuckDB), {@code DOUBLE} 8-byte; {@code CHAR(n)} is stored as {@code VARCHAR}.
 */
public final class SqlTypes {
  /** Fractional-second digits Calcite keeps for TIME and TIMESTAMP values (milliseconds). */
  public static final int TIME_PRECISION = 3;

  private SqlTypes() {}

  /**
   * @param field a stored column
   * @param typeFactory the factory of the planner
   * @return the column's SQL type, with its nullability
   * @throws IllegalArgumentException if Sluice does not store that Arrow type
   */
  public static RelDataType toSqlType(Field field, RelDataTypeFactory typeFactory) {
    RelDataType type = toSqlType(field.getType(), typeFactory, field.getName());
    return typeFactory.createTypeWithNullability(type, field.isNullable());
  }

  /**
   * @param schema stored columns
   * @param typeFactory the factory of the planner
   * @return the row type of a table with those columns
   */
  public static RelDataType toRowType(Schema schema, RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (Field field : schema.getFields()) {
      builder.add(field.getName(), toSqlType(field, typeFactory));
    }
    return builder.build();
  }

  private static RelDataType toSqlType(
      ArrowType type, RelDataTypeFactory typeFactory, String column) {
    switch (type.getTypeID()) {
      case Bool:
        return typeFactory.createSqlType(SqlTypeName.BOOLEAN);
      case Int:
        switch (((ArrowType.Int) type).getBitWidth()) {
          case 8:
            return typeFactory.createSqlType(SqlTypeName.TINYINT);
          case 16:
            return typeFactory.createSqlType(SqlTypeName.SMALLINT);
          case 32:
            return typeFactory.createSqlType(SqlTypeName.INTEGER);
          default:
            return typeFactory.createSqlType(SqlTypeName.BIGINT);
        }
      case FloatingPoint:
        return typeFactory.createSqlType(
            ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.SINGLE
                ? SqlTypeName.REAL
                : SqlTypeName.DOUBLE);
      case Decimal:
        ArrowType.Decimal decimal = (ArrowType.Decimal) type;
        return typeFactory.createSqlType(
            SqlTypeName.DECIMAL, decimal.getPrecision(), decimal.getScale());
      case Utf8:
        return typeFactory.createSqlType(SqlTypeName.VARCHAR);
      case Binary:
        return typeFactory.createSqlType(SqlTypeName.VARBINARY);
      case Date:
        return typeFactory.createSqlType(SqlTypeName.DATE);
      case Time:
        return typeFactory.createSqlType(SqlTypeName.TIME, TIME_PRECISION);
      case Timestamp:
        return typeFactory.createSqlType(
            ((ArrowType.Timestamp) type).getTimezone() == null
                ? SqlTypeName.TIMESTAMP
                : SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
            TIME_PRECISION);
      default:
        throw new IllegalArgumentException(
            "column " + column + " has Arrow type " + type + ", which Sluice does not store");
    }
  }

  /**
   * @param type a SQL type
   * @param name the column's name, for error messages
   * @return the Arrow field that stores it, nullable when the type is
   * @throws IllegalArgumentException naming the column when Sluice cannot store the type
   */
  public static Field toField(String name, RelDataType type) {
    return new Field(name, new FieldType(type.isNullable(), toArrowType(type, name), null), null);
  }

  /**
   * @param rowType a row type
   * @return the Arrow schema of a table with those columns
   */
  public static Schema toSchema(RelDataType rowType) {
    List<Field> fields = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      fields.add(toField(field.getName(), field.getType()));
    }
    return new Schema(fields);
  }

  /**
   * @param type a SQL type
   * @param column the column it belongs to, for error messages
   * @return the Arrow type that stores it
   * @throws IllegalArgumentException naming the column when Sluice cannot store the type
   */
  public static ArrowType toArrowType(RelDataType type, String column) {
    try {
      return toArrowType(type.getSqlTypeName(), type.getPrecision(), type.getScale(), column);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace(type.getSqlTypeName().toString(), type.getFullTypeString()), e);
    }
  }

  /**
   * @param name a SQL type name
   * @param precision its precision (DECIMAL)
   * @param scale its scale (DECIMAL)
   * @param column the column it belongs to, for error messages
   * @return the Arrow type that stores it
   * @throws IllegalArgumentException naming the column when Sluice cannot store the type
   */
  public static ArrowType toArrowType(SqlTypeName name, int precision, int scale, String column) {
    switch (name) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case TINYINT:
        return new ArrowType.Int(8, true);
      case SMALLINT:
        return new ArrowType.Int(16, true);
      case INTEGER:
        return new ArrowType.Int(32, true);
      case BIGINT:
        return new ArrowType.Int(64, true);
      case REAL:
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL:
        return new ArrowType.Decimal(precision, scale, 128);
      case CHAR:
      case VARCHAR:
        return ArrowType.Utf8.INSTANCE;
      case BINARY:
      case VARBINARY:
        return ArrowType.Binary.INSTANCE;
      case DATE:
        return new ArrowType.Date(DateUnit.DAY);
      case TIME:
        return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      case TIMESTAMP:
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
      case TIMESTAMP_TZ:
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      default:
        throw new IllegalArgumentException(
            "column "
                + column
                + " has type "
                + name
                + ", which Sluice does not store; supported: BOOLEAN, TINYINT, SMALLINT, INT,"
                + " BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), VARCHAR, VARBINARY, DATE, TIME,"
                + " TIMESTAMP, TIMESTAMP WITH TIME ZONE");
    }
  }
}
