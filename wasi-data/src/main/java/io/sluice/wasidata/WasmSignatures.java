package io.sluice.wasidata;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wasm function types the ABI prescribes for a module's exports and for the {@code sluice_v1}
 * host functions (ABI.md sections 1, 5, 6 and 7); the runtime checks a module against them before
 * any function runs.
 */
public final class WasmSignatures {
  private WasmSignatures() {}

  private static final FunctionType VOID = FunctionType.empty();
  private static final FunctionType BATCH_CALL = i32s(4);

  /**
   * @return the exports every v1 module must have (besides {@code memory}), with their types
   */
  public static Map<String, FunctionType> requiredModuleExports() {
    Map<String, FunctionType> exports = new LinkedHashMap<>();
    exports.put(AbiV1.EXPORT_ABI, FunctionType.returning(ValType.I32));
    exports.put(
        AbiV1.EXPORT_ALLOC,
        FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)));
    exports.put(
        AbiV1.EXPORT_FREE,
        FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()));
    return exports;
  }

  /**
   * @return the exports a v1 module may have, with the types they must have when present
   */
  public static Map<String, FunctionType> optionalModuleExports() {
    return Map.of(AbiV1.EXPORT_RECLAIM, VOID, AbiV1.EXPORT_INITIALIZE, VOID);
  }

  /**
   * @return the {@code sluice_v1} host functions a module may import, with their types
   */
  public static Map<String, FunctionType> hostFunctions() {
    Map<String, FunctionType> imports = new LinkedHashMap<>();
    imports.put(
        AbiV1.IMPORT_ERROR,
        FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()));
    imports.put(AbiV1.IMPORT_LOG, FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()));
    imports.put(AbiV1.IMPORT_RETURN_NULL, VOID);
    return imports;
  }

  /**
   * The exports one SQL function needs: one for a scalar or table function, seven for an aggregate
   * (named by its export prefix and the {@code AGGREGATE_*} suffixes).
   *
   * @param f the function
   * @return export name to expected type, in ABI order
   */
  public static Map<String, FunctionType> exportsOf(FunctionDescriptor f) {
    Map<String, FunctionType> exports = new LinkedHashMap<>();
    String p = f.exportName();
    switch (f.kind()) {
      case SCALAR:
        exports.put(p, f.abi() == FunctionDescriptor.Abi.ROW ? rowScalar(f) : BATCH_CALL);
        break;
      case TABLE:
        exports.put(p, BATCH_CALL);
        break;
      case AGGREGATE:
        exports.put(p + AbiV1.AGGREGATE_INIT, i32s(2));
        exports.put(p + AbiV1.AGGREGATE_UPDATE, i32s(3));
        exports.put(p + AbiV1.AGGREGATE_MERGE, i32s(3));
        exports.put(p + AbiV1.AGGREGATE_SERIALIZE, i32s(3));
        exports.put(p + AbiV1.AGGREGATE_DESERIALIZE, i32s(3));
        exports.put(p + AbiV1.AGGREGATE_FINISH, i32s(4));
        exports.put(p + AbiV1.AGGREGATE_DESTROY, i32s(2));
        break;
      default:
        throw new AssertionError(f.kind());
    }
    return exports;
  }

  /** Row ABI (section 6): each argument's wasm values, then the null mask when NULLS CALLED. */
  private static FunctionType rowScalar(FunctionDescriptor f) {
    List<ValType> params = new ArrayList<>();
    for (SqlType t : f.argumentTypes()) {
      params.addAll(t.rowParams());
    }
    if (f.nulls() == FunctionDescriptor.Nulls.CALLED) {
      params.add(ValType.I32);
    }
    return FunctionType.of(params, List.of(f.resultType().rowResult()));
  }

  /** A function of {@code n} i32 parameters returning an i32 status. */
  private static FunctionType i32s(int n) {
    List<ValType> params = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      params.add(ValType.I32);
    }
    return FunctionType.of(params, List.of(ValType.I32));
  }
}
