package io.sluice.connectors.internal;

import io.sluice.connectors.BadValueException;
import io.sluice.connectors.ConnectorException;
import io.sluice.storage.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Turns a column as a file's reader produced it into a column of a Sluice type: the same type moves
 * over without a copy; other types convert value by value (integers widen or narrow with a range
 * check, timestamps of any unit become microseconds, text parses as the target type, anything
 * becomes text for a VARCHAR column). A value that does not fit is reported to {@link RowErrors}.
 */
public final class ColumnConverter {
  private final Field source;
  private final Field target;
  private final ColumnType targetType;
  private final boolean same;
  private final TextParser parser;
  private final ValueText text;

  private ColumnConverter(
      Field source, Field target, DateTimeFormatter timestampFormat, DateTimeFormatter dateFormat) {
    this.source = source;
    this.target = target;
    this.targetType = ColumnType.of(target);
    this.same = source.getType().equals(target.getType()) && source.getDictionary() == null;
    this.parser = TextParser.of(target, timestampFormat, dateFormat);
    ColumnType sourceType = ColumnType.fromArrow(source.getType()).orElse(null);
    this.text = sourceType == null ? null : new ValueText(sourceType, null, null);
  }

  /**
   * @param file the file, for errors
   * @param source the column as read
   * @param target the column it becomes
   * @param timestampFormat how text timestamps are written, or null for ISO
   * @param dateFormat how text dates are written, or null for ISO
   * @return the converter
   * @throws ConnectorException if no value of the source type can become the target type
   */
  public static ColumnConverter of(
      String file,
      Field source,
      Field target,
      DateTimeFormatter timestampFormat,
      DateTimeFormatter dateFormat) {
    ArrowType.ArrowTypeID from = source.getType().getTypeID();
    ColumnType to = ColumnType.of(target);
    boolean convertible =
        switch (from) {
          case Null, Utf8, LargeUtf8, Utf8View -> true;
          case Int, FloatingPoint, Decimal, Bool ->
              to != ColumnType.VARBINARY
                  && to != ColumnType.DATE
                  && to != ColumnType.TIME
                  && to != ColumnType.TIMESTAMP
                  && to != ColumnType.TIMESTAMP_WITH_TIME_ZONE;
          case Binary, LargeBinary, BinaryView, FixedSizeBinary ->
              to == ColumnType.VARBINARY || to == ColumnType.VARCHAR;
          case Date, Timestamp ->
              to == ColumnType.DATE
                  || to == ColumnType.TIMESTAMP
                  || to == ColumnType.TIMESTAMP_WITH_TIME_ZONE
                  || to == ColumnType.VARCHAR;
          case Time -> to == ColumnType.TIME || to == ColumnType.VARCHAR;
          default -> false;
        };
    if (!convertible || source.getDictionary() != null) {
      throw new ConnectorException(
          file
              + ": column '"
              + source.getName()
              + "' is "
              + FileTypes.describe(source.getType())
              + " in the file, which cannot be loaded into "
              + ColumnType.describe(target.getType())
              + " column '"
              + target.getName()
              + "'");
    }
    return new ColumnConverter(source, target, timestampFormat, dateFormat);
  }

  /**
   * Converts one batch's column. The source vector is emptied when its buffers move over.
   *
   * @param vector the column as read
   * @param rows rows in the batch
   * @param allocator where the result lives
   * @param errors where bad values go
   * @param where describes the batch's position for errors, given the row index in the batch
   * @return the converted column, owned by the caller
   */
  public FieldVector convert(
      FieldVector vector,
      int rows,
      BufferAllocator allocator,
      RowErrors errors,
      java.util.function.IntFunction<String> where) {
    if (same) {
      org.apache.arrow.vector.util.TransferPair transfer =
          vector.getTransferPair(target, allocator);
      transfer.transfer();
      FieldVector moved = (FieldVector) transfer.getTo();
      moved.setValueCount(rows);
      return moved;
    }
    FieldVector out = target.createVector(allocator);
    try {
      out.setInitialCapacity(rows);
      out.allocateNew();
      for (int row = 0; row < rows; row++) {
        if (vector.isNull(row)) {
          out.setNull(row);
          continue;
        }
        try {
          set(vector, row, out);
        } catch (BadValueException e) {
          out.setNull(row);
          errors.bad(row, where.apply(row), target.getName(), e);
        }
      }
      out.setValueCount(rows);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private void set(FieldVector from, int row, FieldVector out) throws BadValueException {
    if (from instanceof VarCharVector v) {
      parser.parse(out, row, new String(v.get(row), StandardCharsets.UTF_8));
    } else if (from instanceof LargeVarCharVector v) {
      parser.parse(out, row, new String(v.get(row), StandardCharsets.UTF_8));
    } else if (from instanceof ViewVarCharVector v) {
      parser.parse(out, row, new String(v.get(row), StandardCharsets.UTF_8));
    } else if (targetType == ColumnType.VARCHAR) {
      ((VarCharVector) out).setSafe(row, textOf(from, row).getBytes(StandardCharsets.UTF_8));
    } else if (from instanceof VarBinaryVector v) {
      ((VarBinaryVector) out).setSafe(row, v.get(row));
    } else if (from instanceof LargeVarBinaryVector v) {
      ((VarBinaryVector) out).setSafe(row, v.get(row));
    } else if (from instanceof ViewVarBinaryVector v) {
      ((VarBinaryVector) out).setSafe(row, v.get(row));
    } else if (from instanceof FixedSizeBinaryVector v) {
      ((VarBinaryVector) out).setSafe(row, v.get(row));
    } else if (from instanceof BitVector v) {
      setLong(out, row, v.get(row), "true/false");
    } else if (from instanceof UInt8Vector v) {
      setDecimal(out, row, new BigDecimal(v.getObjectNoOverflow(row)));
    } else if (from instanceof UInt4Vector v) {
      setLong(out, row, v.getValueAsLong(row) & 0xFFFF_FFFFL, null);
    } else if (from instanceof UInt2Vector v) {
      setLong(out, row, v.get(row), null);
    } else if (from instanceof UInt1Vector v) {
      setLong(out, row, v.get(row) & 0xFF, null);
    } else if (from instanceof BaseIntVector v) {
      setLong(out, row, v.getValueAsLong(row), null);
    } else if (from instanceof FloatingPointVector v) {
      setDouble(out, row, v.getValueAsDouble(row));
    } else if (from instanceof DecimalVector v) {
      setDecimal(out, row, v.getObject(row));
    } else if (from instanceof Decimal256Vector v) {
      setDecimal(out, row, v.getObject(row));
    } else if (from instanceof DateDayVector v) {
      setDays(out, row, v.get(row));
    } else if (from instanceof DateMilliVector v) {
      setDays(out, row, Math.floorDiv(v.get(row), 86_400_000L));
    } else if (from instanceof TimeStampVector v) {
      setMicros(out, row, micros(v.get(row), ((ArrowType.Timestamp) source.getType()).getUnit()));
    } else if (from instanceof TimeSecVector v) {
      ((TimeMicroVector) out).setSafe(row, v.get(row) * 1_000_000L);
    } else if (from instanceof TimeMilliVector v) {
      ((TimeMicroVector) out).setSafe(row, v.get(row) * 1000L);
    } else if (from instanceof TimeMicroVector v) {
      ((TimeMicroVector) out).setSafe(row, v.get(row));
    } else if (from instanceof TimeNanoVector v) {
      ((TimeMicroVector) out).setSafe(row, Math.floorDiv(v.get(row), 1000L));
    } else {
      throw new BadValueException(
          "a " + FileTypes.describe(source.getType()) + " value cannot become " + targetType);
    }
  }

  private String textOf(FieldVector from, int row) {
    if (text != null) {
      return text.format(from, row);
    }
    if (from instanceof TimeStampVector v) {
      long micros = micros(v.get(row), ((ArrowType.Timestamp) source.getType()).getUnit());
      boolean zoned = ((ArrowType.Timestamp) source.getType()).getTimezone() != null;
      try (TimeStampVector tmp =
          zoned
              ? new org.apache.arrow.vector.TimeStampMicroTZVector("t", from.getAllocator(), "UTC")
              : new org.apache.arrow.vector.TimeStampMicroVector("t", from.getAllocator())) {
        tmp.allocateNew(1);
        tmp.set(0, micros);
        tmp.setValueCount(1);
        return new ValueText(
                zoned ? ColumnType.TIMESTAMP_WITH_TIME_ZONE : ColumnType.TIMESTAMP, null, null)
            .format(tmp, 0);
      }
    }
    if (from instanceof UInt8Vector v) {
      return v.getObjectNoOverflow(row).toString();
    }
    Object value = from.getObject(row);
    return value instanceof byte[] bytes ? ValueText.hex(bytes) : String.valueOf(value);
  }

  private static long micros(long value, TimeUnit unit) {
    return switch (unit) {
      case SECOND -> Math.multiplyExact(value, 1_000_000L);
      case MILLISECOND -> Math.multiplyExact(value, 1000L);
      case MICROSECOND -> value;
      case NANOSECOND -> Math.floorDiv(value, 1000L);
    };
  }

  private void setDays(FieldVector out, int row, long days) {
    if (targetType == ColumnType.DATE) {
      ((DateDayVector) out).setSafe(row, (int) days);
    } else {
      ((TimeStampVector) out).setSafe(row, days * TextParser.MICROS_PER_DAY);
    }
  }

  private void setMicros(FieldVector out, int row, long micros) {
    if (targetType == ColumnType.DATE) {
      ((DateDayVector) out).setSafe(row, (int) Math.floorDiv(micros, TextParser.MICROS_PER_DAY));
    } else {
      ((TimeStampVector) out).setSafe(row, micros);
    }
  }

  private void setLong(FieldVector out, int row, long value, String booleanSource)
      throws BadValueException {
    switch (targetType) {
      case BOOLEAN -> ((BitVector) out).setSafe(row, value != 0 ? 1 : 0);
      case TINYINT ->
          ((TinyIntVector) out).setSafe(row, (byte) checked(value, Byte.MIN_VALUE, Byte.MAX_VALUE));
      case SMALLINT ->
          ((SmallIntVector) out)
              .setSafe(row, (short) checked(value, Short.MIN_VALUE, Short.MAX_VALUE));
      case INT ->
          ((IntVector) out)
              .setSafe(row, (int) checked(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case BIGINT -> ((BigIntVector) out).setSafe(row, value);
      case FLOAT -> ((Float4Vector) out).setSafe(row, (float) value);
      case DOUBLE -> ((Float8Vector) out).setSafe(row, (double) value);
      case DECIMAL -> setDecimal(out, row, BigDecimal.valueOf(value));
      default -> throw new BadValueException(value + " cannot become " + targetType.sqlName());
    }
  }

  private long checked(long value, long min, long max) throws BadValueException {
    if (value < min || value > max) {
      throw new BadValueException(value + " is out of range for " + targetType.sqlName());
    }
    return value;
  }

  private void setDouble(FieldVector out, int row, double value) throws BadValueException {
    switch (targetType) {
      case FLOAT -> {
        float narrowed = (float) value;
        if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
          throw new BadValueException(value + " is out of range for FLOAT");
        }
        ((Float4Vector) out).setSafe(row, narrowed);
      }
      case DOUBLE -> ((Float8Vector) out).setSafe(row, value);
      case DECIMAL -> {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw new BadValueException(value + " cannot become a DECIMAL");
        }
        setDecimal(out, row, BigDecimal.valueOf(value));
      }
      default -> {
        if (value != Math.rint(value) || Double.isInfinite(value)) {
          throw new BadValueException(
              value + " is not a whole number, as " + targetType.sqlName() + " needs");
        }
        if (value < -0x1p63 || value >= 0x1p63) {
          throw new BadValueException(value + " is out of range for " + targetType.sqlName());
        }
        setLong(out, row, (long) value, null);
      }
    }
  }

  private void setDecimal(FieldVector out, int row, BigDecimal value) throws BadValueException {
    if (targetType == ColumnType.DECIMAL) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) target.getType();
      ((DecimalVector) out)
          .setSafe(
              row,
              TextParser.fit(
                  value, decimal.getPrecision(), decimal.getScale(), value.toPlainString()));
    } else if (targetType == ColumnType.DOUBLE || targetType == ColumnType.FLOAT) {
      setDouble(out, row, value.doubleValue());
    } else {
      BigInteger whole;
      try {
        whole = value.toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw new BadValueException(
            value.toPlainString()
                + " is not a whole number, as "
                + targetType.sqlName()
                + " needs");
      }
      if (whole.bitLength() > 63) {
        throw new BadValueException(
            value.toPlainString() + " is out of range for " + targetType.sqlName());
      }
      setLong(out, row, whole.longValue(), null);
    }
  }
}
