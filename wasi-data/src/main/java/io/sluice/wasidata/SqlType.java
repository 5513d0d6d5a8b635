package io.sluice.wasidata;

import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One of the 14 SQL types that cross the wasi-data boundary (ABI.md section 3), with its ABI type
 * id, its canonical Arrow type and C Data Interface format, and its wasm value types on the row
 * ABI. Immutable; DECIMAL carries its precision and scale, every other type is a constant.
 */
public final class SqlType {

  /** The type without DECIMAL's parameters, with its stable ABI id. */
  public enum Kind {
    /** BOOLEAN: Arrow bits, row ABI i32. */
    BOOLEAN(AbiV1.BOOLEAN, "BOOLEAN"),
    /** TINYINT: int8, row ABI i32. */
    TINYINT(AbiV1.TINYINT, "TINYINT"),
    /** SMALLINT: int16, row ABI i32. */
    SMALLINT(AbiV1.SMALLINT, "SMALLINT"),
    /** INT: int32, row ABI i32. */
    INT(AbiV1.INT, "INT"),
    /** BIGINT: int64, row ABI i64. */
    BIGINT(AbiV1.BIGINT, "BIGINT"),
    /** FLOAT: binary32, row ABI f32. */
    FLOAT(AbiV1.FLOAT, "FLOAT"),
    /** DOUBLE: binary64, row ABI f64. */
    DOUBLE(AbiV1.DOUBLE, "DOUBLE"),
    /** DECIMAL(p,s): 128-bit unscaled value, row ABI i64 when p is at most 18. */
    DECIMAL(AbiV1.DECIMAL, "DECIMAL"),
    /** VARCHAR: int32 offsets and UTF-8 bytes, row ABI (ptr, len). */
    VARCHAR(AbiV1.VARCHAR, "VARCHAR"),
    /** VARBINARY: int32 offsets and bytes, row ABI (ptr, len). */
    VARBINARY(AbiV1.VARBINARY, "VARBINARY"),
    /** DATE: int32 days since 1970-01-01, row ABI i32. */
    DATE(AbiV1.DATE, "DATE"),
    /** TIME: int64 microseconds since midnight, row ABI i64. */
    TIME(AbiV1.TIME, "TIME"),
    /** TIMESTAMP: int64 microseconds since 1970-01-01T00:00, no zone, row ABI i64. */
    TIMESTAMP(AbiV1.TIMESTAMP, "TIMESTAMP"),
    /** TIMESTAMP WITH TIME ZONE: int64 microseconds since the epoch (UTC), row ABI i64. */
    TIMESTAMP_TZ(AbiV1.TIMESTAMP_TZ, "TIMESTAMP WITH TIME ZONE");

    private final int id;
    private final String sqlName;

    Kind(int id, String sqlName) {
      this.id = id;
      this.sqlName = sqlName;
    }

    /**
     * @return the ABI type id ({@code SLUICE_BOOLEAN} ... {@code SLUICE_TIMESTAMP_TZ})
     */
    public int id() {
      return id;
    }

    /**
     * @return the SQL spelling, e.g. {@code TIMESTAMP WITH TIME ZONE}
     */
    public String sqlName() {
      return sqlName;
    }
  }

  /** Most digits of a DECIMAL (Arrow's 128-bit decimal). */
  public static final int MAX_DECIMAL_PRECISION = 38;

  /** Most digits of a DECIMAL passed as one i64 on the row ABI. */
  public static final int MAX_ROW_DECIMAL_PRECISION = 18;

  /** BOOLEAN. */
  public static final SqlType BOOLEAN = new SqlType(Kind.BOOLEAN, 0, 0);

  /** TINYINT. */
  public static final SqlType TINYINT = new SqlType(Kind.TINYINT, 0, 0);

  /** SMALLINT. */
  public static final SqlType SMALLINT = new SqlType(Kind.SMALLINT, 0, 0);

  /** INT. */
  public static final SqlType INT = new SqlType(Kind.INT, 0, 0);

  /** BIGINT. */
  public static final SqlType BIGINT = new SqlType(Kind.BIGINT, 0, 0);

  /** FLOAT. */
  public static final SqlType FLOAT = new SqlType(Kind.FLOAT, 0, 0);

  /** DOUBLE. */
  public static final SqlType DOUBLE = new SqlType(Kind.DOUBLE, 0, 0);

  /** VARCHAR. */
  public static final SqlType VARCHAR = new SqlType(Kind.VARCHAR, 0, 0);

  /** VARBINARY. */
  public static final SqlType VARBINARY = new SqlType(Kind.VARBINARY, 0, 0);

  /** DATE. */
  public static final SqlType DATE = new SqlType(Kind.DATE, 0, 0);

  /** TIME. */
  public static final SqlType TIME = new SqlType(Kind.TIME, 0, 0);

  /** TIMESTAMP (without time zone). */
  public static final SqlType TIMESTAMP = new SqlType(Kind.TIMESTAMP, 0, 0);

  /** TIMESTAMP WITH TIME ZONE. */
  public static final SqlType TIMESTAMP_TZ = new SqlType(Kind.TIMESTAMP_TZ, 0, 0);

  private static final String ZONE = "UTC";

  private final Kind kind;
  private final int precision;
  private final int scale;
  private final ArrowType arrowType;

  private SqlType(Kind kind, int precision, int scale) {
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
    this.arrowType = toArrowType(kind, precision, scale);
  }

  /**
   * @param precision total digits, 1 to 38
   * @param scale digits after the point, 0 to {@code precision}
   * @return DECIMAL(precision, scale)
   * @throws IllegalArgumentException when precision or scale is out of range
   */
  public static SqlType decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
      throw new IllegalArgumentException(
          "DECIMAL precision must be 1 to " + MAX_DECIMAL_PRECISION + ", not " + precision);
    }
    if (scale < 0 || scale > precision) {
      throw new IllegalArgumentException(
          "DECIMAL scale must be 0 to the precision " + precision + ", not " + scale);
    }
    return new SqlType(Kind.DECIMAL, precision, scale);
  }

  /**
   * @param kind any kind but DECIMAL, which needs {@link #decimal(int, int)}
   * @return the type of that kind
   * @throws IllegalArgumentException for DECIMAL
   */
  public static SqlType of(Kind kind) {
    switch (kind) {
      case BOOLEAN:
        return BOOLEAN;
      case TINYINT:
        return TINYINT;
      case SMALLINT:
        return SMALLINT;
      case INT:
        return INT;
      case BIGINT:
        return BIGINT;
      case FLOAT:
        return FLOAT;
      case DOUBLE:
        return DOUBLE;
      case VARCHAR:
        return VARCHAR;
      case VARBINARY:
        return VARBINARY;
      case DATE:
        return DATE;
      case TIME:
        return TIME;
      case TIMESTAMP:
        return TIMESTAMP;
      case TIMESTAMP_TZ:
        return TIMESTAMP_TZ;
      default:
        throw new IllegalArgumentException(
            "DECIMAL needs a precision and scale: use decimal(p, s)");
    }
  }

  /**
   * The SQL type of an Arrow type, by the canonical mapping of ABI.md section 3. Any time zone maps
   * to TIMESTAMP WITH TIME ZONE (values are instants).
   *
   * @param type an Arrow type
   * @return its SQL type
   * @throws IllegalArgumentException naming the type when Sluice has no SQL type for it
   */
  public static SqlType fromArrowType(ArrowType type) {
    SqlType sql = fromArrowTypeOrNull(type);
    if (sql == null) {
      throw new IllegalArgumentException(
          "Arrow type "
              + type
              + " has no SQL type in the wasi-data ABI v1; supported are Bool, signed Int of"
              + " 8/16/32/64 bits, FloatingPoint(SINGLE|DOUBLE), Decimal(p, s, 128), Utf8, Binary,"
              + " Date(DAY), Time(MICROSECOND, 64) and Timestamp(MICROSECOND) with or without a zone");
    }
    return sql;
  }

  private static SqlType fromArrowTypeOrNull(ArrowType type) {
    switch (type.getTypeID()) {
      case Bool:
        return BOOLEAN;
      case Int:
        ArrowType.Int i = (ArrowType.Int) type;
        if (!i.getIsSigned()) {
          return null;
        }
        switch (i.getBitWidth()) {
          case 8:
            return TINYINT;
          case 16:
            return SMALLINT;
          case 32:
            return INT;
          case 64:
            return BIGINT;
          default:
            return null;
        }
      case FloatingPoint:
        FloatingPointPrecision p = ((ArrowType.FloatingPoint) type).getPrecision();
        return p == FloatingPointPrecision.SINGLE
            ? FLOAT
            : p == FloatingPointPrecision.DOUBLE ? DOUBLE : null;
      case Decimal:
        ArrowType.Decimal d = (ArrowType.Decimal) type;
        boolean valid =
            d.getBitWidth() == 128
                && d.getPrecision() >= 1
                && d.getPrecision() <= MAX_DECIMAL_PRECISION
                && d.getScale() >= 0
                && d.getScale() <= d.getPrecision();
        return valid ? decimal(d.getPrecision(), d.getScale()) : null;
      case Utf8:
        return VARCHAR;
      case Binary:
        return VARBINARY;
      case Date:
        return ((ArrowType.Date) type).getUnit() == DateUnit.DAY ? DATE : null;
      case Time:
        ArrowType.Time t = (ArrowType.Time) type;
        return t.getUnit() == TimeUnit.MICROSECOND && t.getBitWidth() == 64 ? TIME : null;
      case Timestamp:
        ArrowType.Timestamp ts = (ArrowType.Timestamp) type;
        if (ts.getUnit() != TimeUnit.MICROSECOND) {
          return null;
        }
        return ts.getTimezone() == null ? TIMESTAMP : TIMESTAMP_TZ;
      default:
        return null;
    }
  }

  private static ArrowType toArrowType(Kind kind, int precision, int scale) {
    switch (kind) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case TINYINT:
        return new ArrowType.Int(8, true);
      case SMALLINT:
        return new ArrowType.Int(16, true);
      case INT:
        return new ArrowType.Int(32, true);
      case BIGINT:
        return new ArrowType.Int(64, true);
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL:
        return new ArrowType.Decimal(precision, scale, 128);
      case VARCHAR:
        return ArrowType.Utf8.INSTANCE;
      case VARBINARY:
        return ArrowType.Binary.INSTANCE;
      case DATE:
        return new ArrowType.Date(DateUnit.DAY);
      case TIME:
        return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      case TIMESTAMP:
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case TIMESTAMP_TZ:
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, ZONE);
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * @return the kind of this type
   */
  public Kind kind() {
    return kind;
  }

  /**
   * @return the ABI type id
   */
  public int id() {
    return kind.id();
  }

  /**
   * @return DECIMAL's precision, 0 for every other type
   */
  public int precision() {
    return precision;
  }

  /**
   * @return DECIMAL's scale, 0 for every other type
   */
  public int scale() {
    return scale;
  }

  /**
   * @return the canonical Arrow type (ABI.md section 3)
   */
  public ArrowType arrowType() {
    return arrowType;
  }

  /**
   * @param name the field name
   * @return a nullable Arrow field of this type
   */
  public Field field(String name) {
    return Field.nullable(name, arrowType);
  }

  /**
   * @return the Arrow C Data Interface format string the host writes, e.g. {@code d:10,2}
   */
  public String arrowFormat() {
    switch (kind) {
      case BOOLEAN:
        return "b";
      case TINYINT:
        return "c";
      case SMALLINT:
        return "s";
      case INT:
        return "i";
      case BIGINT:
        return "l";
      case FLOAT:
        return "f";
      case DOUBLE:
        return "g";
      case DECIMAL:
        return "d:" + precision + "," + scale;
      case VARCHAR:
        return "u";
      case VARBINARY:
        return "z";
      case DATE:
        return "tdD";
      case TIME:
        return "ttu";
      case TIMESTAMP:
        return "tsu:";
      case TIMESTAMP_TZ:
        return "tsu:" + ZONE;
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * @return bytes per value in the Arrow values buffer; 0 for BOOLEAN (bits), VARCHAR, VARBINARY
   */
  public int byteWidth() {
    switch (kind) {
      case TINYINT:
        return 1;
      case SMALLINT:
        return 2;
      case INT:
      case FLOAT:
      case DATE:
        return 4;
      case BIGINT:
      case DOUBLE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_TZ:
        return 8;
      case DECIMAL:
        return 16;
      default:
        return 0;
    }
  }

  /**
   * @return true for VARCHAR and VARBINARY (offsets and data buffers)
   */
  public boolean isVariableWidth() {
    return kind == Kind.VARCHAR || kind == Kind.VARBINARY;
  }

  /**
   * @return how many Arrow buffers an array of this type has: 3 when variable-width, else 2
   */
  public int bufferCount() {
    return isVariableWidth() ? 3 : 2;
  }

  /**
   * @return whether this type can cross the row ABI (every type but DECIMAL with p > 18)
   */
  public boolean isRowCompatible() {
    return kind != Kind.DECIMAL || precision <= MAX_ROW_DECIMAL_PRECISION;
  }

  /**
   * @return the wasm parameters of an argument of this type on the row ABI (two i32 for VARCHAR and
   *     VARBINARY: pointer and length)
   * @throws UnsupportedOperationException for DECIMAL with a precision above 18
   */
  public List<ValType> rowParams() {
    return isVariableWidth() ? List.of(ValType.I32, ValType.I32) : List.of(rowValue());
  }

  /**
   * @return the wasm result of a row-ABI function returning this type (one i64 {@code ptr | len <<
   *     32} for VARCHAR and VARBINARY)
   * @throws UnsupportedOperationException for DECIMAL with a precision above 18
   */
  public ValType rowResult() {
    return isVariableWidth() ? ValType.I64 : rowValue();
  }

  private ValType rowValue() {
    switch (kind) {
      case BOOLEAN:
      case TINYINT:
      case SMALLINT:
      case INT:
      case DATE:
        return ValType.I32;
      case FLOAT:
        return ValType.F32;
      case DOUBLE:
        return ValType.F64;
      case DECIMAL:
        if (!isRowCompatible()) {
          throw new UnsupportedOperationException(
              this + " cannot cross the row ABI: only DECIMAL up to 18 digits fits one i64");
        }
        return ValType.I64;
      case BIGINT:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_TZ:
        return ValType.I64;
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * @return the canonical SQL spelling, e.g. {@code DECIMAL(10,2)} or {@code TIMESTAMP WITH TIME
   *     ZONE}
   */
  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.sqlName();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SqlType)) {
      return false;
    }
    SqlType other = (SqlType) o;
    return kind == other.kind && precision == other.precision && scale == other.scale;
  }

  @Override
  public int hashCode() {
    return (kind.ordinal() * 31 + precision) * 31 + scale;
  }
}
