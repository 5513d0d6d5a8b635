package io.sluice.server.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Sets the parameters of a prepared statement from one row of an Arrow batch, as Flight SQL clients
 * send them: the i-th column is the i-th {@code ?}. Dates and times are read as UTC, like {@link
 * ColumnWriter} writes them.
 */
public final class ParameterBinder {
  private final Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

  /**
   * @param statement the statement
   * @param parameters the batch of parameter rows
   * @param row which row to bind
   * @throws SQLException if a value does not fit its parameter, or the counts differ
   */
  public void bind(PreparedStatement statement, VectorSchemaRoot parameters, int row)
      throws SQLException {
    List<FieldVector> vectors = parameters.getFieldVectors();
    int expected = statement.getParameterMetaData().getParameterCount();
    if (vectors.size() != expected) {
      throw new SQLException(
          "the statement has " + expected + " parameters but " + vectors.size() + " were bound",
          "07001");
    }
    for (int i = 0; i < vectors.size(); i++) {
      bind(statement, i + 1, vectors.get(i), row);
    }
  }

  private void bind(PreparedStatement statement, int index, FieldVector vector, int row)
      throws SQLException {
    if (vector.isNull(row)) {
      statement.setNull(index, statement.getParameterMetaData().getParameterType(index));
    } else if (vector instanceof BitVector v) {
      statement.setBoolean(index, v.get(row) != 0);
    } else if (vector instanceof BaseIntVector v) {
      statement.setLong(index, v.getValueAsLong(row));
    } else if (vector instanceof FloatingPointVector v) {
      statement.setDouble(index, v.getValueAsDouble(row));
    } else if (vector instanceof DecimalVector v) {
      statement.setBigDecimal(index, v.getObject(row));
    } else if (vector instanceof VarCharVector v) {
      statement.setString(index, v.getObject(row).toString());
    } else if (vector instanceof VarBinaryVector v) {
      statement.setBytes(index, v.get(row));
    } else if (vector instanceof DateDayVector v) {
      statement.setDate(index, new java.sql.Date(v.get(row) * ColumnWriter.MILLIS_PER_DAY), utc);
    } else if (vector instanceof DateMilliVector v) {
      statement.setDate(index, new java.sql.Date(v.get(row)), utc);
    } else if (vector instanceof TimeMicroVector v) {
      statement.setTime(index, new java.sql.Time(v.get(row) / 1000), utc);
    } else if (vector instanceof TimeMilliVector v) {
      statement.setTime(index, new java.sql.Time(v.get(row)), utc);
    } else if (vector instanceof TimeStampVector v) {
      ArrowType.Timestamp type = (ArrowType.Timestamp) v.getField().getType();
      long micros = toMicros(v.get(row), type.getUnit());
      Timestamp timestamp = new Timestamp(Math.floorDiv(micros, 1000L));
      timestamp.setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000);
      statement.setTimestamp(index, timestamp, utc);
    } else {
      Object value = vector.getObject(row);
      statement.setObject(index, value == null ? null : value.toString(), Types.VARCHAR);
    }
  }

  private static long toMicros(long value, org.apache.arrow.vector.types.TimeUnit unit) {
    switch (unit) {
      case SECOND:
        return TimeUnit.SECONDS.toMicros(value);
      case MILLISECOND:
        return TimeUnit.MILLISECONDS.toMicros(value);
      case NANOSECOND:
        return Math.floorDiv(value, 1000L);
      default:
        return value;
    }
  }
}
