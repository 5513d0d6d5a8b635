package io.sluice.udf.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reading function types out of a parsed module, and writing them the way messages show them. */
public final class WasmTypes {

  /** {@code () -> ()}. */
  public static final FunctionType VOID = FunctionType.of(List.of(), List.of());

  private WasmTypes() {}

  /**
   * @param params parameter types
   * @param results result types
   * @return the function type
   */
  public static FunctionType of(List<ValType> params, List<ValType> results) {
    return FunctionType.of(params, results);
  }

  /**
   * @param module a module
   * @param functionIndex an index in the function index space (imports first)
   * @return the type of that function
   */
  public static FunctionType typeOfFunction(WasmModule module, int functionIndex) {
    int imported = 0;
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      if (imp instanceof FunctionImport f) {
        if (imported == functionIndex) {
          return module.typeSection().getType(f.typeIndex());
        }
        imported++;
      }
    }
    int local = module.functionSection().getFunctionType(functionIndex - imported);
    return module.typeSection().getType(local);
  }

  /**
   * @param type a function type
   * @return it as {@code (i32, i32) -> i64}, {@code () -> ()} for no results
   */
  public static String describe(FunctionType type) {
    return "("
        + type.params().stream().map(WasmTypes::describe).collect(Collectors.joining(", "))
        + ") -> "
        + (type.returns().size() == 1
            ? describe(type.returns().get(0))
            : "("
                + type.returns().stream().map(WasmTypes::describe).collect(Collectors.joining(", "))
                + ")");
  }

  private static String describe(ValType type) {
    return type.toString().toLowerCase(Locale.ROOT);
  }
}
