package io.sluice.udf.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import io.sluice.wasidata.AbiV1;
import io.sluice.wasidata.WasmSignatures;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks a module must pass before anything of it runs (ABI.md section 9, except the function
 * list, which {@link FunctionSignatures} checks): its required exports and their types, its imports
 * (no WASI call that no grant could ever allow, such as {@code path_open} or sockets), its memory,
 * and no SIMD or threads. Each failure message says exactly what is wrong.
 */
public final class ModuleShape {

  private static final Map<String, FunctionType> HOST_FUNCTIONS = WasmSignatures.hostFunctions();
  private static final Map<String, FunctionType> REQUIRED = WasmSignatures.requiredModuleExports();
  private static final Map<String, FunctionType> OPTIONAL = WasmSignatures.optionalModuleExports();
  private static final Pattern OTHER_ABI = Pattern.compile("sluice_abi_v(\\d+)");
  private static final int SIMD_PREFIX = 0xFD;
  private static final int THREADS_PREFIX = 0xFE;

  private final WasmModule module;
  private final Map<String, Export> exports = new HashMap<>();

  private ModuleShape(WasmModule module) {
    this.module = module;
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export export = module.exportSection().getExport(i);
      exports.put(export.name(), export);
    }
  }

  /**
   * Checks a module's shape.
   *
   * @param module the parsed module
   * @return the problem, or empty when the module is well-formed for ABI v1
   */
  public static Optional<String> problem(WasmModule module) {
    ModuleShape shape = new ModuleShape(module);
    Optional<String> problem = shape.memoryProblem();
    if (problem.isEmpty()) {
      problem = shape.exportProblem();
    }
    if (problem.isEmpty()) {
      problem = shape.importProblem();
    }
    if (problem.isEmpty()) {
      problem = shape.instructionProblem();
    }
    return problem;
  }

  /**
   * @param module a module whose shape passed {@link #problem(WasmModule)}
   * @return its memory's initial size in 64 KiB pages
   */
  public static int initialPages(WasmModule module) {
    return module.memorySection().orElseThrow().getMemory(0).limits().initialPages();
  }

  /**
   * @param module a module whose shape passed {@link #problem(WasmModule)}
   * @return its memory's declared maximum in 64 KiB pages (65536 when it declares none)
   */
  public static int declaredMaximumPages(WasmModule module) {
    return module.memorySection().orElseThrow().getMemory(0).limits().maximumPages();
  }

  /**
   * @param module a module
   * @param name an export name
   * @return the type of the exported function, or empty when there is no function of that name
   */
  public static Optional<FunctionType> exportedFunctionType(WasmModule module, String name) {
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export export = module.exportSection().getExport(i);
      if (export.name().equals(name) && export.exportType() == ExternalType.FUNCTION) {
        return Optional.of(WasmTypes.typeOfFunction(module, export.index()));
      }
    }
    return Optional.empty();
  }

  private Optional<String> memoryProblem() {
    int defined = module.memorySection().map(s -> s.memoryCount()).orElse(0);
    if (defined == 0) {
      return Optional.of(
          "the module defines no memory; a Sluice module must define and export one");
    }
    if (defined > 1) {
      return Optional.of("the module defines " + defined + " memories; ABI v1 allows exactly one");
    }
    MemoryLimits limits = module.memorySection().get().getMemory(0).limits();
    if (limits.shared()) {
      return Optional.of("the module's memory is shared (threads); Sluice runs no wasm threads");
    }
    return Optional.empty();
  }

  private Optional<String> exportProblem() {
    Export memory = exports.get(AbiV1.EXPORT_MEMORY);
    if (memory == null) {
      return Optional.of("the module does not export its memory as \"memory\"");
    }
    if (memory.exportType() != ExternalType.MEMORY) {
      return Optional.of(
          "the export \"memory\" is a " + kind(memory.exportType()) + ", expected a memory");
    }
    if (!exports.containsKey(AbiV1.EXPORT_ABI)) {
      for (String name : exports.keySet()) {
        Matcher m = OTHER_ABI.matcher(name);
        if (m.matches()) {
          return Optional.of(
              "the module speaks the wasi-data ABI v"
                  + m.group(1)
                  + " only (it exports "
                  + name
                  + "); this host speaks v1 (sluice_abi_v1)");
        }
      }
    }
    for (Map.Entry<String, FunctionType> required : REQUIRED.entrySet()) {
      Optional<String> problem = exportTypeProblem(required.getKey(), required.getValue(), true);
      if (problem.isPresent()) {
        return problem;
      }
    }
    for (Map.Entry<String, FunctionType> optional : OPTIONAL.entrySet()) {
      Optional<String> problem = exportTypeProblem(optional.getKey(), optional.getValue(), false);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private Optional<String> exportTypeProblem(String name, FunctionType expected, boolean required) {
    Export export = exports.get(name);
    if (export == null) {
      return required
          ? Optional.of(
              "the module does not export "
                  + name
                  + " "
                  + WasmTypes.describe(expected)
                  + ": it is not a Sluice ABI v1 module (see wasi-data/docs/ABI.md)")
          : Optional.empty();
    }
    if (export.exportType() != ExternalType.FUNCTION) {
      return Optional.of(
          "the export " + name + " is a " + kind(export.exportType()) + ", expected a function");
    }
    FunctionType actual = WasmTypes.typeOfFunction(module, export.index());
    if (!actual.equals(expected)) {
      return Optional.of(
          "the export "
              + name
              + " has type "
              + WasmTypes.describe(actual)
              + ", expected "
              + WasmTypes.describe(expected));
    }
    return Optional.empty();
  }

  private Optional<String> importProblem() {
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imported = module.importSection().getImport(i);
      String name = imported.module() + "." + imported.name();
      if (!(imported instanceof FunctionImport function)) {
        return Optional.of(
            "the module imports the "
                + kind(imported.importType())
                + " "
                + name
                + ", which Sluice does not provide (a module must define its own)");
      }
      FunctionType actual = module.typeSection().getType(function.typeIndex());
      FunctionType expected;
      if (AbiV1.IMPORT_MODULE.equals(imported.module())) {
        expected = HOST_FUNCTIONS.get(imported.name());
        if (expected == null) {
          return Optional.of(
              "the module imports "
                  + name
                  + ", which ABI v1 does not define (sluice_v1 has error, log and return_null)");
        }
      } else if (WasiSignatures.MODULE.equals(imported.module())) {
        expected = WasiSignatures.of(imported.name());
        if (expected == null) {
          return Optional.of(
              "the module imports " + name + ", which is not a WASI preview 1 function");
        }
        String needs = WasiSignatures.neverGranted(imported.name());
        if (needs != null) {
          return Optional.of(
              "the module imports "
                  + name
                  + ", "
                  + needs
                  + " (the WASI imports a module may have: wasi-data/docs/ABI.md section 8)");
        }
      } else {
        return Optional.of("the module imports " + name + ", which Sluice does not provide");
      }
      if (!actual.equals(expected)) {
        return Optional.of(
            "the module imports "
                + name
                + " with type "
                + WasmTypes.describe(actual)
                + ", expected "
                + WasmTypes.describe(expected));
      }
    }
    return Optional.empty();
  }

  private Optional<String> instructionProblem() {
    int imported = module.importSection().count(ExternalType.FUNCTION);
    for (FunctionType type : module.typeSection().types()) {
      if (type != null
          && (type.params().contains(ValType.V128) || type.returns().contains(ValType.V128))) {
        return Optional.of(simd("a function type"));
      }
    }
    for (int i = 0; i < module.functionSection().functionCount(); i++) {
      FunctionBody body = module.codeSection().getFunctionBody(i);
      String where = "function " + ModuleCompiler.describeFunction(module, imported + i);
      if (body.localTypes().contains(ValType.V128)) {
        return Optional.of(simd(where));
      }
      for (Instruction instruction : body.instructions()) {
        int prefix = instruction.opcode().opcode() >>> 8;
        if (prefix == SIMD_PREFIX) {
          return Optional.of(simd(where + " (" + instruction.opcode() + ")"));
        }
        if (prefix == THREADS_PREFIX) {
          return Optional.of(
              "the module uses atomic instructions in "
                  + where
                  + " ("
                  + instruction.opcode()
                  + "); Sluice runs no wasm threads");
        }
      }
    }
    return Optional.empty();
  }

  private static String simd(String where) {
    return "the module uses SIMD (v128) in "
        + where
        + "; Sluice compiles no SIMD: build the module without -msimd128";
  }

  private static String kind(ExternalType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }
}
