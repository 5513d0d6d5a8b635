package io.sluice.udf;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/**
 * A hand-written module that satisfies ABI v1 (memory, {@code sluice_abi_v1}, a bump allocator,
 * {@code sluice_free}), to which a test adds the functions, imports and descriptor lines it needs.
 * The required parts are added when the first function is defined, after any imports.
 */
public final class AbiModule {

  /** Where {@code sluice_abi_v1} says the guest info struct is. */
  public static final int INFO_ADDRESS = 1024;

  /** Where the bump allocator starts. */
  public static final int HEAP_START = 8192;

  public static final FunctionType VOID = WasmBuilder.type(List.of(), List.of());
  public static final FunctionType I32_I32 =
      WasmBuilder.type(List.of(ValType.I32), List.of(ValType.I32));

  private final WasmBuilder wasm = new WasmBuilder();
  private final StringBuilder functions = new StringBuilder();
  private final int initialPages;
  private boolean baseWritten;
  private int abiVersion = 1;
  private boolean exportAbi = true;
  private int heapGlobal;

  /** A module with 2 pages (128 KiB) of initial memory. */
  public AbiModule() {
    this(2);
  }

  /**
   * @param initialPages its initial memory in 64 KiB pages
   */
  public AbiModule(int initialPages) {
    this.initialPages = initialPages;
  }

  /** Makes {@code sluice_abi_v1} report another version (before the first function). */
  public AbiModule abiVersion(int version) {
    this.abiVersion = version;
    return this;
  }

  /** Leaves out the {@code sluice_abi_v1} export (before the first function). */
  public AbiModule withoutAbiExport() {
    this.exportAbi = false;
    return this;
  }

  /** Imports a function; call before {@link #function}. */
  public int importFunction(String module, String name, FunctionType type) {
    return wasm.importFunction(module, name, type);
  }

  /** Defines (and exports, when {@code export} is not null) a function. */
  public int function(
      String export, FunctionType type, List<ValType> locals, WasmBuilder.Code code) {
    writeBase();
    int index = wasm.function(type, locals, code);
    if (export != null) {
      wasm.exportFunction(export, index);
    }
    return index;
  }

  /** Adds a line to the module's {@code sluice_v1.functions} section. */
  public AbiModule describe(String line) {
    functions.append(line).append('\n');
    return this;
  }

  /** Places bytes in memory at instantiation. */
  public AbiModule data(int offset, byte[] bytes) {
    writeBase();
    wasm.data(offset, bytes);
    return this;
  }

  /**
   * @return the index of the mutable i32 global that holds the allocator's next free address
   */
  public int heapGlobal() {
    writeBase();
    return heapGlobal;
  }

  /**
   * @return the underlying builder, for anything else
   */
  public WasmBuilder wasm() {
    writeBase();
    return wasm;
  }

  /**
   * @return the module's bytes
   */
  public byte[] build() {
    writeBase();
    if (functions.length() > 0) {
      wasm.custom("sluice_v1.functions", functions.toString());
    }
    return wasm.build();
  }

  private void writeBase() {
    if (baseWritten) {
      return;
    }
    baseWritten = true;
    wasm.memory(initialPages, null).exportMemory("memory");
    // borrowed_release = 1: the host only stores it in the structs it writes, never calls it.
    wasm.data(
        INFO_ADDRESS, new byte[] {(byte) abiVersion, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0});
    heapGlobal = wasm.globalI32(true, HEAP_START);
    int abi =
        wasm.function(
            WasmBuilder.type(List.of(), List.of(ValType.I32)),
            List.of(),
            new WasmBuilder.Code().i32(INFO_ADDRESS));
    if (exportAbi) {
      wasm.exportFunction("sluice_abi_v1", abi);
    }
    // sluice_alloc(size, align): aligned bump allocation; 0 when memory would have to grow.
    int alloc =
        wasm.function(
            WasmBuilder.type(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)),
            List.of(ValType.I32),
            new WasmBuilder.Code()
                .globalGet(heapGlobal)
                .localGet(1)
                .i32Add()
                .i32(1)
                .i32Sub()
                .i32(0)
                .localGet(1)
                .i32Sub()
                .i32And()
                .localTee(2)
                .localGet(0)
                .i32Add()
                .memorySize()
                .i32(65536)
                .i32Mul()
                .i32GtU()
                .ifThen()
                .i32(0)
                .returnNow()
                .end()
                .localGet(2)
                .localGet(0)
                .i32Add()
                .globalSet(heapGlobal)
                .localGet(2));
    wasm.exportFunction("sluice_alloc", alloc);
    int free =
        wasm.function(
            WasmBuilder.type(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()),
            List.of(),
            new WasmBuilder.Code());
    wasm.exportFunction("sluice_free", free);
  }
}
