package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;

/**
 * How values of a column compare and are summarised in statistics: as signed 64-bit integers,
 * doubles, 128-bit decimals, or unsigned byte strings.
 */
public enum ValueKind {
  /** BOOLEAN (0/1), TINYINT to BIGINT, DATE (days), TIME and TIMESTAMP (microseconds). */
  LONG,
  /** FLOAT (widened) and DOUBLE, in the order of {@link ValueOrder#compareDoubles}. */
  DOUBLE,
  /** DECIMAL: 128-bit two's complement unscaled values of one scale. */
  DECIMAL,
  /** VARCHAR (UTF-8) and VARBINARY: unsigned lexicographic byte order. */
  BYTES;

  /**
   * @param type a column type
   * @return how its values compare
   */
  public static ValueKind of(ColumnType type) {
    switch (type) {
      case FLOAT:
      case DOUBLE:
        return DOUBLE;
      case DECIMAL:
        return DECIMAL;
      case VARCHAR:
      case VARBINARY:
        return BYTES;
      default:
        return LONG;
    }
  }
}
