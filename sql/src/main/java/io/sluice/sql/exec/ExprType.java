package io.sluice.sql.exec;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The SQL type of a shard expression, free of planner objects so that a shard plan can be kept,
 * printed and (later) shipped to another node.
 *
 * @param name the SQL type name
 * @param precision the precision, or -1 when it has none
 * @param scale the scale, or -1 when it has none
 * @param nullable whether values may be NULL
 */
public record ExprType(SqlTypeName name, int precision, int scale, boolean nullable) {

  /**
   * @param type a planner type
   * @return the same type as an expression type
   */
  public static ExprType of(RelDataType type) {
    return new ExprType(
        type.getSqlTypeName(), type.getPrecision(), type.getScale(), type.isNullable());
  }

  /**
   * @return the evaluator lane of values of this type
   */
  public Lane lane() {
    switch (name) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case DATE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return Lane.LONG;
      case REAL:
      case FLOAT:
      case DOUBLE:
        return Lane.DOUBLE;
      case DECIMAL:
        return Lane.DECIMAL;
      case CHAR:
      case VARCHAR:
      case BINARY:
      case VARBINARY:
        return Lane.BYTES;
      case BOOLEAN:
        return Lane.BOOLEAN;
      default:
        throw new UnsupportedOperationException("type " + name + " is not evaluated on shards");
    }
  }

  /**
   * @return whether the type is an exact integer (not a date or time kept as a number)
   */
  public boolean isInteger() {
    switch (name) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        return true;
      default:
        return false;
    }
  }

  @Override
  public String toString() {
    if (precision >= 0 && scale >= 0 && name == SqlTypeName.DECIMAL) {
      return name + "(" + precision + ", " + scale + ")";
    }
    return name.toString();
  }
}
