package io.sluice.udf.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.sluice.wasidata.FunctionDescriptor;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a SQL function's descriptor against the module: every export the ABI prescribes for it
 * (one for scalar and table functions, seven for an aggregate) exists with the prescribed wasm
 * type. Applies equally to a module's self-description and to an explicit signature given at {@code
 * CREATE FUNCTION}, which wins over it but must still match the code.
 */
public final class FunctionSignatures {

  private FunctionSignatures() {}

  /**
   * @param module the parsed module
   * @param function the function's descriptor
   * @return what does not match, or empty when every export is there with its type
   */
  public static Optional<String> problem(WasmModule module, FunctionDescriptor function) {
    for (Map.Entry<String, FunctionType> export : function.expectedExports().entrySet()) {
      Optional<FunctionType> actual = ModuleShape.exportedFunctionType(module, export.getKey());
      if (actual.isEmpty()) {
        return Optional.of(
            "function "
                + function.name()
                + " needs the export "
                + export.getKey()
                + " "
                + WasmTypes.describe(export.getValue())
                + ", which the module does not have");
      }
      if (!actual.get().equals(export.getValue())) {
        return Optional.of(
            "function "
                + function.name()
                + ": the export "
                + export.getKey()
                + " has type "
                + WasmTypes.describe(actual.get())
                + ", but "
                + function.kind()
                + " "
                + function.abi()
                + "-ABI "
                + signature(function)
                + " needs "
                + WasmTypes.describe(export.getValue()));
      }
    }
    return Optional.empty();
  }

  /** "f(x BIGINT) RETURNS BIGINT": the SQL part of a descriptor line. */
  private static String signature(FunctionDescriptor function) {
    String line = function.toString();
    int start = line.indexOf(' ') + 1;
    int end = line.indexOf(" ABI ");
    return line.substring(start, end);
  }
}
