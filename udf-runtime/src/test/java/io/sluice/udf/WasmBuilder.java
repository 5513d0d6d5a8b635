package io.sluice.udf;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small wasm binaries by hand, so tests can build exactly the module a check needs (a
 * missing export, a forbidden import, a function too large for one JVM method) without a toolchain.
 */
public final class WasmBuilder {

  private final List<FunctionType> types = new ArrayList<>();
  private final ByteArrayOutputStream imports = new ByteArrayOutputStream();
  private int importCount;
  private int importedFunctions;
  private final List<Integer> functionTypes = new ArrayList<>();
  private final List<byte[]> bodies = new ArrayList<>();
  private byte[] memory;
  private final ByteArrayOutputStream exports = new ByteArrayOutputStream();
  private int exportCount;
  private final ByteArrayOutputStream globals = new ByteArrayOutputStream();
  private int globalCount;
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private int dataCount;
  private final List<byte[]> customs = new ArrayList<>();

  /**
   * @param params parameter types
   * @param results result types
   * @return the function type
   */
  public static FunctionType type(List<ValType> params, List<ValType> results) {
    return FunctionType.of(params, results);
  }

  private int typeIndex(FunctionType type) {
    int index = types.indexOf(type);
    if (index < 0) {
      types.add(type);
      index = types.size() - 1;
    }
    return index;
  }

  /**
   * Imports a function; imports must come before {@link #function}.
   *
   * @return its function index
   */
  public int importFunction(String module, String name, FunctionType type) {
    if (!bodies.isEmpty()) {
      throw new IllegalStateException("import functions before defining any");
    }
    name(imports, module);
    name(imports, name);
    imports.write(0x00);
    leb(imports, typeIndex(type));
    importCount++;
    return importedFunctions++;
  }

  /** Imports a memory instead of defining one. */
  public WasmBuilder importMemory(String module, String name, int minPages) {
    name(imports, module);
    name(imports, name);
    imports.write(0x02);
    imports.write(0x00);
    leb(imports, minPages);
    importCount++;
    return this;
  }

  /**
   * Defines a function.
   *
   * @param type its type
   * @param locals the types of its locals beyond the parameters
   * @param code its instructions, without the final {@code end}
   * @return its function index
   */
  public int function(FunctionType type, List<ValType> locals, Code code) {
    functionTypes.add(typeIndex(type));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    leb(body, locals.size());
    for (ValType local : locals) {
      leb(body, 1);
      body.write(valType(local));
    }
    body.writeBytes(code.bytes());
    body.write(0x0B);
    bodies.add(body.toByteArray());
    return importedFunctions + bodies.size() - 1;
  }

  /** Defines the module's memory. */
  public WasmBuilder memory(int minPages, Integer maxPages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    leb(out, 1);
    out.write(maxPages == null ? 0x00 : 0x01);
    leb(out, minPages);
    if (maxPages != null) {
      leb(out, maxPages);
    }
    memory = out.toByteArray();
    return this;
  }

  /** Exports a function. */
  public WasmBuilder exportFunction(String name, int index) {
    return export(name, 0x00, index);
  }

  /** Exports memory 0. */
  public WasmBuilder exportMemory(String name) {
    return export(name, 0x02, 0);
  }

  /** Exports a global. */
  public WasmBuilder exportGlobal(String name, int index) {
    return export(name, 0x03, index);
  }

  private WasmBuilder export(String name, int kind, int index) {
    name(exports, name);
    exports.write(kind);
    leb(exports, index);
    exportCount++;
    return this;
  }

  /**
   * Defines an i32 global.
   *
   * @return its index
   */
  public int globalI32(boolean mutable, int initial) {
    globals.write(0x7F);
    globals.write(mutable ? 1 : 0);
    globals.write(0x41);
    sleb(globals, initial);
    globals.write(0x0B);
    return globalCount++;
  }

  /** Places bytes in memory 0 at instantiation. */
  public WasmBuilder data(int offset, byte[] bytes) {
    data.write(0x00);
    data.write(0x41);
    sleb(data, offset);
    data.write(0x0B);
    leb(data, bytes.length);
    data.writeBytes(bytes);
    dataCount++;
    return this;
  }

  /** Adds a custom section. */
  public WasmBuilder custom(String name, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    name(out, name);
    out.writeBytes(content);
    customs.add(out.toByteArray());
    return this;
  }

  /** Adds a custom section of UTF-8 text. */
  public WasmBuilder custom(String name, String text) {
    return custom(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return the module's bytes
   */
  public byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
    ByteArrayOutputStream typeSection = new ByteArrayOutputStream();
    leb(typeSection, types.size());
    for (FunctionType type : types) {
      typeSection.write(0x60);
      leb(typeSection, type.params().size());
      type.params().forEach(t -> typeSection.write(valType(t)));
      leb(typeSection, type.returns().size());
      type.returns().forEach(t -> typeSection.write(valType(t)));
    }
    section(out, 1, typeSection.toByteArray());
    if (importCount > 0) {
      section(out, 2, counted(importCount, imports));
    }
    ByteArrayOutputStream functionSection = new ByteArrayOutputStream();
    leb(functionSection, functionTypes.size());
    functionTypes.forEach(t -> leb(functionSection, t));
    section(out, 3, functionSection.toByteArray());
    if (memory != null) {
      section(out, 5, memory);
    }
    if (globalCount > 0) {
      section(out, 6, counted(globalCount, globals));
    }
    section(out, 7, counted(exportCount, exports));
    ByteArrayOutputStream codeSection = new ByteArrayOutputStream();
    leb(codeSection, bodies.size());
    for (byte[] body : bodies) {
      leb(codeSection, body.length);
      codeSection.writeBytes(body);
    }
    section(out, 10, codeSection.toByteArray());
    if (dataCount > 0) {
      section(out, 11, counted(dataCount, data));
    }
    for (byte[] custom : customs) {
      section(out, 0, custom);
    }
    return out.toByteArray();
  }

  private static byte[] counted(int count, ByteArrayOutputStream items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    leb(out, count);
    out.writeBytes(items.toByteArray());
    return out.toByteArray();
  }

  private static void section(ByteArrayOutputStream out, int id, byte[] content) {
    out.write(id);
    leb(out, content.length);
    out.writeBytes(content);
  }

  private static void name(ByteArrayOutputStream out, String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    leb(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static int valType(ValType type) {
    if (type.equals(ValType.I32)) {
      return 0x7F;
    }
    if (type.equals(ValType.I64)) {
      return 0x7E;
    }
    if (type.equals(ValType.F32)) {
      return 0x7D;
    }
    if (type.equals(ValType.F64)) {
      return 0x7C;
    }
    if (type.equals(ValType.V128)) {
      return 0x7B;
    }
    throw new IllegalArgumentException("unsupported type " + type);
  }

  static void leb(ByteArrayOutputStream out, long value) {
    do {
      int b = (int) (value & 0x7F);
      value >>>= 7;
      out.write(value == 0 ? b : b | 0x80);
    } while (value != 0);
  }

  static void sleb(ByteArrayOutputStream out, long value) {
    while (true) {
      int b = (int) (value & 0x7F);
      value >>= 7;
      boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
      out.write(done ? b : b | 0x80);
      if (done) {
        return;
      }
    }
  }

  /** The instructions of one function body, written one opcode at a time. */
  public static final class Code {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Code i32(int value) {
      out.write(0x41);
      sleb(out, value);
      return this;
    }

    public Code i64(long value) {
      out.write(0x42);
      sleb(out, value);
      return this;
    }

    public Code localGet(int index) {
      out.write(0x20);
      leb(out, index);
      return this;
    }

    public Code localSet(int index) {
      out.write(0x21);
      leb(out, index);
      return this;
    }

    public Code localTee(int index) {
      out.write(0x22);
      leb(out, index);
      return this;
    }

    public Code globalGet(int index) {
      out.write(0x23);
      leb(out, index);
      return this;
    }

    public Code globalSet(int index) {
      out.write(0x24);
      leb(out, index);
      return this;
    }

    public Code call(int function) {
      out.write(0x10);
      leb(out, function);
      return this;
    }

    public Code i32Load(int offset) {
      out.write(0x28);
      leb(out, 2);
      leb(out, offset);
      return this;
    }

    public Code i32Store(int offset) {
      out.write(0x36);
      leb(out, 2);
      leb(out, offset);
      return this;
    }

    public Code i32Store8(int offset) {
      out.write(0x3A);
      leb(out, 0);
      leb(out, offset);
      return this;
    }

    /** Starts a loop block with no result. */
    public Code loop() {
      out.write(0x03);
      out.write(0x40);
      return this;
    }

    /** Starts a block with no result. */
    public Code block() {
      out.write(0x02);
      out.write(0x40);
      return this;
    }

    /** Starts an if with no result. */
    public Code ifThen() {
      out.write(0x04);
      out.write(0x40);
      return this;
    }

    public Code br(int depth) {
      out.write(0x0C);
      leb(out, depth);
      return this;
    }

    public Code brIf(int depth) {
      out.write(0x0D);
      leb(out, depth);
      return this;
    }

    public Code end() {
      out.write(0x0B);
      return this;
    }

    public Code op(int opcode) {
      out.write(opcode);
      return this;
    }

    public Code i32Add() {
      return op(0x6A);
    }

    public Code i32Sub() {
      return op(0x6B);
    }

    public Code i32Mul() {
      return op(0x6C);
    }

    public Code i32DivS() {
      return op(0x6D);
    }

    public Code i32Eqz() {
      return op(0x45);
    }

    public Code i32LtU() {
      return op(0x49);
    }

    public Code i32GtU() {
      return op(0x4B);
    }

    public Code i32And() {
      return op(0x71);
    }

    public Code drop() {
      return op(0x1A);
    }

    public Code unreachable() {
      return op(0x00);
    }

    public Code returnNow() {
      return op(0x0F);
    }

    public Code memorySize() {
      out.write(0x3F);
      out.write(0x00);
      return this;
    }

    public Code memoryGrow() {
      out.write(0x40);
      out.write(0x00);
      return this;
    }

    /** {@code memory.copy} (bulk memory): dst, src, len on the stack. */
    public Code memoryCopy() {
      out.write(0xFC);
      leb(out, 10);
      out.write(0x00);
      out.write(0x00);
      return this;
    }

    /** {@code memory.fill} (bulk memory): dst, value, len on the stack. */
    public Code memoryFill() {
      out.write(0xFC);
      leb(out, 11);
      out.write(0x00);
      return this;
    }

    /** Raw bytes, for instructions this class does not name. */
    public Code raw(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
