package io.sluice.sql.function;

import io.sluice.sql.type.SqlTypes;
import io.sluice.wasidata.SqlType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/** Maps the ABI's SQL types to Calcite's types and back, through their shared Arrow type. */
final class WasmTypes {
  private WasmTypes() {}

  /**
   * @param type an ABI type
   * @param typeFactory the planner's factory
   * @return the nullable Calcite type of the same values
   */
  static RelDataType toRelType(SqlType type, RelDataTypeFactory typeFactory) {
    return SqlTypes.toSqlType(field("value", type), typeFactory);
  }

  /**
   * @param type a Calcite type
   * @param what names the parameter or column, for the error message
   * @return the ABI type of the same values
   * @throws IllegalArgumentException when wasm functions cannot take or return the type
   */
  static SqlType toSqlType(RelDataType type, String what) {
    return SqlType.fromArrowType(SqlTypes.toArrowType(type, what));
  }

  /**
   * @param name the field's name
   * @param type an ABI type
   * @return a nullable Arrow field of that type
   */
  static Field field(String name, SqlType type) {
    return new Field(name, FieldType.nullable(type.arrowType()), null);
  }
}
