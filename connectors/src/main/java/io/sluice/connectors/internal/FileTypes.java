package io.sluice.connectors.internal;

import io.sluice.connectors.ConnectorException;
import io.sluice.storage.ColumnType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Maps the Arrow types files carry (Parquet through Arrow's reader, Arrow IPC) to Sluice's column
 * types: the smallest Sluice type that holds every value (unsigned integers widen, timestamps of
 * any unit become microseconds, large and view strings become VARCHAR). Nested types, intervals and
 * durations have no Sluice type yet and are refused naming the column.
 */
public final class FileTypes {
  private FileTypes() {}

  /**
   * @param file the file, for errors
   * @param schema the file's Arrow schema
   * @return the Sluice schema it reads as (every column nullable)
   * @throws ConnectorException naming the first column Sluice cannot store
   */
  public static Schema toSluice(String file, Schema schema) {
    return toSluice(file, schema, null);
  }

  /**
   * @param file the file, for errors
   * @param schema the file's Arrow schema
   * @param leftOut null to refuse a column Sluice cannot store; else the list that receives why
   *     each such column was left out of the result
   * @return the Sluice schema it reads as (every column nullable)
   * @throws ConnectorException naming the first column Sluice cannot store (when refusing), or when
   *     no column is left
   */
  public static Schema toSluice(String file, Schema schema, List<String> leftOut) {
    List<Field> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      try {
        fields.add(ColumnType.field(field.getName(), toSluice(file, field), true));
      } catch (ConnectorException e) {
        if (leftOut == null) {
          throw e;
        }
        leftOut.add(
            file
                + ": column '"
                + field.getName()
                + "' is "
                + (field.getDictionary() != null ? "dictionary-encoded" : describe(field.getType()))
                + " and is left out: Sluice cannot store it");
      }
    }
    if (fields.isEmpty() && !schema.getFields().isEmpty()) {
      throw new ConnectorException(
          file + ": no column has a type Sluice can store (" + String.join("; ", leftOut) + ")");
    }
    return new Schema(fields);
  }

  /**
   * @param file the file, for errors
   * @param field a column of the file
   * @return the canonical Arrow type of the Sluice type it reads as
   * @throws ConnectorException if Sluice cannot store it
   */
  public static ArrowType toSluice(String file, Field field) {
    ArrowType type =
        field.getDictionary() != null ? field.getDictionary().getIndexType() : field.getType();
    if (field.getDictionary() != null) {
      throw unsupported(file, field, "a dictionary-encoded column");
    }
    switch (type.getTypeID()) {
      case Bool:
        return ColumnType.BOOLEAN.arrowType();
      case Int:
        {
          ArrowType.Int integer = (ArrowType.Int) type;
          int bits = integer.getBitWidth() + (integer.getIsSigned() ? 0 : 1);
          if (bits <= 8) {
            return ColumnType.TINYINT.arrowType();
          } else if (bits <= 16) {
            return ColumnType.SMALLINT.arrowType();
          } else if (bits <= 32) {
            return ColumnType.INT.arrowType();
          } else if (bits <= 64) {
            return ColumnType.BIGINT.arrowType();
          }
          return ColumnType.decimal(20, 0); // UINT64
        }
      case FloatingPoint:
        return ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
            ? ColumnType.DOUBLE.arrowType()
            : ColumnType.FLOAT.arrowType();
      case Decimal:
        {
          ArrowType.Decimal decimal = (ArrowType.Decimal) type;
          if (decimal.getPrecision() > ColumnType.MAX_DECIMAL_PRECISION) {
            throw unsupported(
                file,
                field,
                "DECIMAL("
                    + decimal.getPrecision()
                    + ","
                    + decimal.getScale()
                    + "), wider than Sluice's DECIMAL(38)");
          }
          return ColumnType.decimal(decimal.getPrecision(), decimal.getScale());
        }
      case Utf8:
      case LargeUtf8:
      case Utf8View:
      case Null:
        return ColumnType.VARCHAR.arrowType();
      case Binary:
      case LargeBinary:
      case BinaryView:
      case FixedSizeBinary:
        return ColumnType.VARBINARY.arrowType();
      case Date:
        return ColumnType.DATE.arrowType();
      case Time:
        return ColumnType.TIME.arrowType();
      case Timestamp:
        return ((ArrowType.Timestamp) type).getTimezone() == null
            ? ColumnType.TIMESTAMP.arrowType()
            : ColumnType.TIMESTAMP_WITH_TIME_ZONE.arrowType();
      default:
        throw unsupported(file, field, describe(type));
    }
  }

  private static ConnectorException unsupported(String file, Field field, String what) {
    return new ConnectorException(
        file
            + ": column '"
            + field.getName()
            + "' is "
            + what
            + ", which Sluice cannot store; leave it out or convert it to a scalar type first");
  }

  /**
   * @param type an Arrow type
   * @return how a user would name it, e.g. {@code LIST<VARCHAR>}, {@code TIMESTAMP(ns)}
   */
  public static String describe(ArrowType type) {
    switch (type.getTypeID()) {
      case List:
      case LargeList:
      case FixedSizeList:
      case ListView:
        return "a LIST";
      case Struct:
        return "a STRUCT";
      case Map:
        return "a MAP";
      case Union:
        return "a UNION";
      case Interval:
        return "an INTERVAL";
      case Duration:
        return "a DURATION";
      default:
        return ColumnType.describe(type);
    }
  }
}
