package io.sluice.sql.function;

import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.sql.validate.SqlUserDefinedTableMacro;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit type coercion, except for calls of wasm functions: their arguments must
 * already be of their parameters' type family (any number for a numeric parameter, any text for a
 * VARCHAR one). Silently casting, say, a BIGINT column to a VARCHAR parameter would hide a mistake,
 * so such a call is an error that names the function and the types.
 */
public final class WasmTypeCoercion extends TypeCoercionImpl {

  /**
   * @param typeFactory the validator's type factory
   * @param validator the validator
   */
  public WasmTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
    super(typeFactory, validator);
  }

  @Override
  public boolean userDefinedFunctionCoercion(
      SqlValidatorScope scope, SqlCall call, SqlFunction function) {
    if (isWasm(function) || function instanceof SqlUserDefinedTableMacro) {
      // Table macros (sys.explain_analyze) need their literal arguments as written, not cast.
      return false;
    }
    return super.userDefinedFunctionCoercion(scope, call, function);
  }

  private static boolean isWasm(SqlFunction function) {
    // Table functions are SqlUserDefinedFunctions too.
    if (function instanceof SqlUserDefinedFunction udf) {
      return udf.getFunction() instanceof WasmFunction;
    }
    return function instanceof SqlUserDefinedAggFunction udaf
        && udaf.function instanceof WasmFunction;
  }
}
