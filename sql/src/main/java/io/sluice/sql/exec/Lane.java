package io.sluice.sql.exec;

import org.apache.calcite.rel.type.RelDataType;

/**
 * How the shard evaluator holds the values of a SQL type while computing: every integer-like type
 * (TINYINT..BIGINT, DATE in days, TIME and TIMESTAMP in microseconds) as {@code long}, REAL and
 * DOUBLE as {@code double}, DECIMAL as {@code BigDecimal}, VARCHAR and VARBINARY as bytes, BOOLEAN
 * as {@code boolean}.
 */
public enum Lane {
  /** Integers, dates, times and timestamps, in storage units. */
  LONG,
  /** REAL and DOUBLE. */
  DOUBLE,
  /** DECIMAL(p, s). */
  DECIMAL,
  /** VARCHAR (UTF-8) and VARBINARY. */
  BYTES,
  /** BOOLEAN. */
  BOOLEAN;

  /**
   * @param type a SQL type Sluice stores
   * @return its lane
   * @throws UnsupportedOperationException for types the evaluator does not handle
   */
  public static Lane of(RelDataType type) {
    switch (type.getSqlTypeName()) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case DATE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return LONG;
      case REAL:
      case FLOAT:
      case DOUBLE:
        return DOUBLE;
      case DECIMAL:
        return DECIMAL;
      case CHAR:
      case VARCHAR:
      case BINARY:
      case VARBINARY:
        return BYTES;
      case BOOLEAN:
        return BOOLEAN;
      default:
        throw new UnsupportedOperationException("type " + type + " is not evaluated on shards");
    }
  }
}
