package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import io.sluice.storage.Predicate;
import io.sluice.storage.Predicate.Operator;
import java.util.Arrays;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A {@link Predicate} bound to a column of a table: decides whether a chunk may hold a match (from
 * its statistics) and whether a row matches (from its value), with one {@link ValueOrder}.
 */
final class BoundPredicate {

  private final Predicate source;
  private final int column;
  private final ColumnType type;
  private final ValueKind kind;
  private final Operator operator;
  private final Object low;
  private final Object high;

  BoundPredicate(Predicate source, int column, ColumnType type) {
    this.source = source;
    this.column = column;
    this.type = type;
    this.kind = ValueKind.of(type);
    this.operator = source.operator();
    String context = "predicate '" + source + "'";
    this.low =
        source.literals().isEmpty()
            ? null
            : LiteralBinder.bind(type, source.literals().get(0), context);
    this.high =
        source.literals().size() < 2
            ? null
            : LiteralBinder.bind(type, source.literals().get(1), context);
  }

  /**
   * @return the table ordinal of the column
   */
  int column() {
    return column;
  }

  /**
   * @param statistics the column's statistics in a chunk
   * @param rows the chunk's row count
   * @return false only if no row of the chunk can satisfy the predicate
   */
  boolean mayMatch(ColumnStatistics statistics, int rows) {
    switch (operator) {
      case IS_NULL:
        return statistics.nullCount() > 0;
      case IS_NOT_NULL:
        return statistics.nullCount() < rows;
      default:
        break;
    }
    if (!statistics.hasValues()) {
      return false; // only nulls, and a null satisfies no comparison
    }
    Object min = statistics.min();
    Object max = statistics.max(); // null: no upper bound is known
    switch (operator) {
      case EQUAL:
        return compare(min, low) <= 0 && (max == null || compare(max, low) >= 0);
      case LESS_THAN:
        return compare(min, low) < 0;
      case LESS_THAN_OR_EQUAL:
        return compare(min, low) <= 0;
      case GREATER_THAN:
        return max == null || compare(max, low) > 0;
      case GREATER_THAN_OR_EQUAL:
        return max == null || compare(max, low) >= 0;
      default: // BETWEEN
        return compare(min, high) <= 0 && (max == null || compare(max, low) >= 0);
    }
  }

  /**
   * @param vector the column's values
   * @param row a row
   * @return whether the row satisfies the predicate
   */
  boolean matches(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return operator == Operator.IS_NULL;
    }
    switch (operator) {
      case IS_NULL:
        return false;
      case IS_NOT_NULL:
        return true;
      case EQUAL:
        return compareRow(vector, row, low) == 0;
      case LESS_THAN:
        return compareRow(vector, row, low) < 0;
      case LESS_THAN_OR_EQUAL:
        return compareRow(vector, row, low) <= 0;
      case GREATER_THAN:
        return compareRow(vector, row, low) > 0;
      case GREATER_THAN_OR_EQUAL:
        return compareRow(vector, row, low) >= 0;
      default: // BETWEEN
        return compareRow(vector, row, low) >= 0 && compareRow(vector, row, high) <= 0;
    }
  }

  private int compare(Object left, Object right) {
    return ValueOrder.compare(kind, left, right);
  }

  private int compareRow(FieldVector vector, int row, Object literal) {
    switch (kind) {
      case LONG:
        return Long.compare(VectorValues.readLong(vector, row), (Long) literal);
      case DOUBLE:
        return ValueOrder.compareDoubles(VectorValues.readDouble(vector, row), (Double) literal);
      case DECIMAL:
        int scale = ((ArrowType.Decimal) vector.getField().getType()).getScale();
        return VectorValues.readDecimal(vector, row, scale)
            .compareTo((java.math.BigDecimal) literal);
      default:
        byte[] value = ((BaseVariableWidthVector) vector).get(row);
        return Arrays.compareUnsigned(value, (byte[]) literal);
    }
  }

  @Override
  public String toString() {
    return source + " on " + type.sqlName();
  }
}
