package io.sluice.wasidata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class SqlTypeTest {

  /** Every type with its canonical Arrow type, C format, value width and row-ABI result. */
  private static final Object[][] TABLE = {
    {SqlType.BOOLEAN, ArrowType.Bool.INSTANCE, "b", 0, ValType.I32},
    {SqlType.TINYINT, new ArrowType.Int(8, true), "c", 1, ValType.I32},
    {SqlType.SMALLINT, new ArrowType.Int(16, true), "s", 2, ValType.I32},
    {SqlType.INT, new ArrowType.Int(32, true), "i", 4, ValType.I32},
    {SqlType.BIGINT, new ArrowType.Int(64, true), "l", 8, ValType.I64},
    {
      SqlType.FLOAT, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), "f", 4, ValType.F32
    },
    {
      SqlType.DOUBLE,
      new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
      "g",
      8,
      ValType.F64
    },
    {SqlType.decimal(18, 4), new ArrowType.Decimal(18, 4, 128), "d:18,4", 16, ValType.I64},
    {SqlType.VARCHAR, ArrowType.Utf8.INSTANCE, "u", 0, ValType.I64},
    {SqlType.VARBINARY, ArrowType.Binary.INSTANCE, "z", 0, ValType.I64},
    {SqlType.DATE, new ArrowType.Date(DateUnit.DAY), "tdD", 4, ValType.I32},
    {SqlType.TIME, new ArrowType.Time(TimeUnit.MICROSECOND, 64), "ttu", 8, ValType.I64},
    {
      SqlType.TIMESTAMP, new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), "tsu:", 8, ValType.I64
    },
    {
      SqlType.TIMESTAMP_TZ,
      new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"),
      "tsu:UTC",
      8,
      ValType.I64
    },
  };

  @Test
  void everyTypeMapsCanonicallyBothWays() {
    List<Integer> ids = new ArrayList<>();
    for (Object[] row : TABLE) {
      SqlType type = (SqlType) row[0];
      assertEquals(row[1], type.arrowType(), type.toString());
      assertEquals(row[2], type.arrowFormat(), type.toString());
      assertEquals(row[3], type.byteWidth(), type.toString());
      assertEquals(row[4], type.rowResult(), type.toString());
      assertEquals(type, SqlType.fromArrowType(type.arrowType()));
      assertEquals(type.arrowType(), type.field("x").getType());
      assertTrue(type.field("x").isNullable());
      ids.add(type.id());
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14), ids);
  }

  @Test
  void idsAreTheHeaderNumbers() {
    assertEquals(AbiV1.BOOLEAN, SqlType.BOOLEAN.id());
    assertEquals(AbiV1.DECIMAL, SqlType.decimal(5, 0).id());
    assertEquals(AbiV1.TIMESTAMP_TZ, SqlType.TIMESTAMP_TZ.id());
    for (SqlType.Kind kind : SqlType.Kind.values()) {
      assertEquals(kind.ordinal() + 1, kind.id());
    }
  }

  @Test
  void anyTimeZoneIsTimestampWithTimeZone() {
    assertEquals(
        SqlType.TIMESTAMP_TZ,
        SqlType.fromArrowType(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Europe/Paris")));
  }

  @Test
  void unsupportedArrowTypesAreNamed() {
    for (ArrowType type :
        List.of(
            new ArrowType.Int(32, false),
            new ArrowType.FloatingPoint(FloatingPointPrecision.HALF),
            new ArrowType.Decimal(40, 2, 256),
            ArrowType.LargeUtf8.INSTANCE,
            new ArrowType.Date(DateUnit.MILLISECOND),
            new ArrowType.Time(TimeUnit.MILLISECOND, 32),
            new ArrowType.Timestamp(TimeUnit.NANOSECOND, null),
            ArrowType.Null.INSTANCE)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SqlType.fromArrowType(type));
      assertTrue(
          e.getMessage().startsWith("Arrow type " + type + " has no SQL type"), e.getMessage());
    }
  }

  @Test
  void decimalRangesAreChecked() {
    assertEquals("DECIMAL(38,38)", SqlType.decimal(38, 38).toString());
    assertEquals(
        "DECIMAL precision must be 1 to 38, not 39",
        assertThrows(IllegalArgumentException.class, () -> SqlType.decimal(39, 0)).getMessage());
    assertEquals(
        "DECIMAL precision must be 1 to 38, not 0",
        assertThrows(IllegalArgumentException.class, () -> SqlType.decimal(0, 0)).getMessage());
    assertEquals(
        "DECIMAL scale must be 0 to the precision 5, not 6",
        assertThrows(IllegalArgumentException.class, () -> SqlType.decimal(5, 6)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> SqlType.decimal(5, -1));
    assertThrows(IllegalArgumentException.class, () -> SqlType.of(SqlType.Kind.DECIMAL));
    assertEquals(SqlType.decimal(10, 2), SqlType.decimal(10, 2));
    assertEquals(SqlType.decimal(10, 2).hashCode(), SqlType.decimal(10, 2).hashCode());
    assertNotEquals(SqlType.decimal(10, 2), SqlType.decimal(10, 3));
  }

  @Test
  void rowAbiValueTypes() {
    assertEquals(List.of(ValType.I32, ValType.I32), SqlType.VARCHAR.rowParams());
    assertEquals(List.of(ValType.I32, ValType.I32), SqlType.VARBINARY.rowParams());
    assertEquals(List.of(ValType.F64), SqlType.DOUBLE.rowParams());
    assertEquals(List.of(ValType.I64), SqlType.decimal(18, 0).rowParams());
    assertTrue(SqlType.decimal(18, 0).isRowCompatible());
    assertFalse(SqlType.decimal(19, 0).isRowCompatible());
    assertThrows(UnsupportedOperationException.class, () -> SqlType.decimal(19, 0).rowParams());
    assertThrows(UnsupportedOperationException.class, () -> SqlType.decimal(38, 2).rowResult());
  }

  @Test
  void ofReturnsTheConstants() {
    for (SqlType.Kind kind : SqlType.Kind.values()) {
      if (kind != SqlType.Kind.DECIMAL) {
        assertEquals(kind, SqlType.of(kind).kind());
        assertEquals(kind.sqlName(), SqlType.of(kind).toString());
      }
    }
    assertEquals(3, SqlType.VARCHAR.bufferCount());
    assertEquals(2, SqlType.BOOLEAN.bufferCount());
  }
}
