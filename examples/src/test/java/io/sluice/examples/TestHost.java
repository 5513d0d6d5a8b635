package io.sluice.examples;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A small, trusting host for this module's own tests: it runs a corpus module on Chicory and moves
 * Arrow columns in and out of the guest's memory as ABI.md lays them out, so the examples can be
 * checked before, and independently of, the product's codec in wasi-data.
 *
 * <p>It is not a model of that codec: it trusts what the guest returns (a hostile result can make
 * it throw anything), allocates each struct and buffer separately, and frees them after each call.
 * Like the real host it calls {@code _initialize} once, keeps no guest output across calls, and
 * calls {@code sluice_reclaim} once it has copied a call's outputs.
 *
 * <p>It is one long class on purpose: a self-contained fixture that tests read top to bottom,
 * staging (writing into guest memory), calls, and decoding (reading it back), in that order.
 */
final class TestHost implements AutoCloseable {
  static final int OK = 0;
  static final int MORE = 1;

  /** Compiled machines by module digest: compiling is the slow part, so each module once. */
  private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();

  private record Compiled(WasmModule module, Function<Instance, Machine> machines) {}

  private final Instance instance;
  private final Memory memory;
  private final WasiPreview1 wasi;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final List<String> errors = new ArrayList<>();
  private final List<Integer> errorRows = new ArrayList<>();
  private final StringBuilder log = new StringBuilder();
  private final List<int[]> staged = new ArrayList<>();
  private final int abiVersion;
  private final int borrowedRelease;
  private boolean returnedNull;

  /** Instantiates an example module with no memory cap beyond the module's own. */
  static TestHost example(String name) {
    return new TestHost(ExampleUdfs.module(name), null, UnaryOperator.identity());
  }

  /** Instantiates a hostile module with no memory cap beyond the module's own. */
  static TestHost hostile(String name) {
    return new TestHost(ExampleUdfs.hostile(name), null, UnaryOperator.identity());
  }

  /**
   * Instantiates a module.
   *
   * @param wasm the module's bytes
   * @param maxPages the memory cap in 64 KiB pages, or null for none
   * @param wasiOptions adds to the WASI options (stdout and stderr are captured already)
   */
  TestHost(byte[] wasm, Integer maxPages, UnaryOperator<WasiOptions.Builder> wasiOptions) {
    Compiled compiled = COMPILED.computeIfAbsent(digest(wasm), key -> compile(wasm));
    this.wasi =
        WasiPreview1.builder()
            .withOptions(
                wasiOptions
                    .apply(WasiOptions.builder().withStdout(stdout).withStderr(stdout))
                    .build())
            .build();
    ImportValues imports =
        ImportValues.builder().addFunction(wasi.toHostFunctions()).addFunction(sluiceV1()).build();
    Instance.Builder builder =
        Instance.builder(compiled.module())
            .withImportValues(imports)
            .withMachineFactory(compiled.machines());
    if (maxPages != null) {
      int initial = compiled.module().memorySection().get().getMemory(0).limits().initialPages();
      builder.withMemoryLimits(new MemoryLimits(initial, maxPages));
    }
    this.instance = builder.build();
    this.memory = instance.memory();
    if (hasExport("_initialize")) {
      instance.export("_initialize").apply();
    }
    int info = (int) instance.export("sluice_abi_v1").apply()[0];
    this.abiVersion = memory.readInt(info);
    this.borrowedRelease = memory.readInt(info + 8);
  }

  private static Compiled compile(byte[] wasm) {
    WasmModule module = Parser.parse(wasm);
    return new Compiled(module, MachineFactoryCompiler.compile(module));
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private HostFunction[] sluiceV1() {
    ValType i32 = ValType.I32;
    return new HostFunction[] {
      new HostFunction(
          "sluice_v1",
          "error",
          FunctionType.of(List.of(i32, i32, i32), List.of()),
          (inst, args) -> {
            errors.add(lenient(inst.memory().readBytes((int) args[0], (int) args[1])));
            errorRows.add((int) args[2]);
            return null;
          }),
      new HostFunction(
          "sluice_v1",
          "log",
          FunctionType.of(List.of(i32, i32), List.of()),
          (inst, args) -> {
            log.append(lenient(inst.memory().readBytes((int) args[0], (int) args[1])));
            return null;
          }),
      new HostFunction(
          "sluice_v1",
          "return_null",
          FunctionType.of(List.of(), List.of()),
          (inst, args) -> {
            returnedNull = true;
            return null;
          })
    };
  }

  Instance instance() {
    return instance;
  }

  Memory memory() {
    return memory;
  }

  int abiVersion() {
    return abiVersion;
  }

  /** What the guest wrote to WASI stdout and stderr. */
  byte[] stdout() {
    return stdout.toByteArray();
  }

  String log() {
    return log.toString();
  }

  boolean hasExport(String name) {
    var exports = instance.module().exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      if (exports.getExport(i).name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    wasi.close();
  }

  // ----------------------------------------------------------------------------------------------
  // Calls
  // ----------------------------------------------------------------------------------------------

  /** Calls an export with raw wasm values, after clearing what the last call reported. */
  long[] call(String export, long... args) {
    errors.clear();
    errorRows.clear();
    returnedNull = false;
    ExportFunction function = instance.export(export);
    return function.apply(args);
  }

  private int callStatus(String export, long... args) {
    return (int) call(export, args)[0];
  }

  private GuestException failure(String export, int status) {
    return new GuestException(export, status, errors, errorRows);
  }

  /** Row ABI: calls once and fails if the guest reported an error; returns the raw result. */
  long row(String export, long... args) {
    long[] result = call(export, args);
    if (!errors.isEmpty()) {
      throw failure(export, -1);
    }
    return result == null || result.length == 0 ? 0 : result[0];
  }

  double rowDouble(String export, double... args) {
    long[] raw = new long[args.length];
    for (int i = 0; i < args.length; i++) {
      raw[i] = Value.doubleToLong(args[i]);
    }
    return Value.longToDouble(row(export, raw));
  }

  /** Whether the last row call ended with sluice_v1.return_null. */
  boolean returnedNull() {
    return returnedNull;
  }

  /** Row ABI over one VARCHAR/VARBINARY argument and result: (ptr, len) -> ptr | len << 32. */
  byte[] rowBytes(String export, byte[] argument) {
    try {
      int ptr = write(argument);
      long packed = row(export, ptr, argument.length);
      return memory.readBytes((int) packed, (int) (packed >>> 32));
    } finally {
      release();
      reclaim();
    }
  }

  String rowString(String export, String argument) {
    return utf8(rowBytes(export, argument.getBytes(StandardCharsets.UTF_8)));
  }

  /** Batch ABI scalar: returns the output column's values. */
  List<Object> scalar(String export, String resultFormat, Column... args) {
    try {
      int[] in = stageBatch(args);
      int outSchema = schema(resultFormat, "result", 2, new int[0]);
      int outArray = zeroed(64);
      int status = callStatus(export, in[0], in[1], outSchema, outArray);
      if (status != OK) {
        throw failure(export, status);
      }
      return readColumn(outArray, resultFormat);
    } finally {
      release();
      reclaim();
    }
  }

  /**
   * Calls a batch export without looking at what it returned: for hostile results. Returns the
   * address of the output ArrowArray; its input stays staged until {@link #release()}.
   */
  int scalarUnchecked(String export, String resultFormat, Column... args) {
    int[] in = stageBatch(args);
    int outSchema = schema(resultFormat, "result", 2, new int[0]);
    int outArray = zeroed(64);
    int status = callStatus(export, in[0], in[1], outSchema, outArray);
    if (status != OK) {
      throw failure(export, status);
    }
    return outArray;
  }

  /**
   * Batch ABI table function: returns the output rows, each {@code [input row, column 1, ...]},
   * calling again for as long as the guest returns SLUICE_MORE.
   *
   * @param calls receives the number of calls it took, if not null
   */
  List<List<Object>> table(String export, List<Column> outColumns, int[] calls, Column... args) {
    try {
      int[] in = stageBatch(args);
      int[] children = new int[outColumns.size() + 1];
      children[0] = schema("i", "row", 0, new int[0]);
      for (int i = 0; i < outColumns.size(); i++) {
        children[i + 1] =
            schema(outColumns.get(i).format(), outColumns.get(i).name(), 2, new int[0]);
      }
      int outSchema = schema("+s", "", 0, children);
      List<List<Object>> rows = new ArrayList<>();
      for (int n = 1; ; n++) {
        int outArray = zeroed(64);
        int status = callStatus(export, in[0], in[1], outSchema, outArray);
        if (status != OK && status != MORE) {
          throw failure(export, status);
        }
        long length = memory.readLong(outArray);
        int childPointers = memory.readInt(outArray + 44);
        List<List<Object>> columns = new ArrayList<>();
        for (int c = 0; c <= outColumns.size(); c++) {
          String format = c == 0 ? "i" : outColumns.get(c - 1).format();
          columns.add(readColumn(memory.readInt(childPointers + 4 * c), format));
        }
        for (int r = 0; r < length; r++) {
          List<Object> row = new ArrayList<>();
          for (List<Object> column : columns) {
            row.add(column.get(r));
          }
          rows.add(row);
        }
        if (status == OK) {
          if (calls != null) {
            calls[0] = n;
          }
          return rows;
        }
      }
    } finally {
      release();
      reclaim();
    }
  }

  int[] aggInit(String prefix, int n) {
    try {
      int out = zeroed(4 * Math.max(n, 1));
      int status = callStatus(prefix + "_init", n, out);
      if (status != OK) {
        throw failure(prefix + "_init", status);
      }
      return readInts(out, n);
    } finally {
      release();
    }
  }

  /** Folds row i of the batch into statePerRow[i]. */
  void aggUpdate(String prefix, int[] statePerRow, Column... args) {
    try {
      int states = ints(statePerRow);
      int[] in = stageBatch(args);
      int status = callStatus(prefix + "_update", states, in[0], in[1]);
      if (status != OK) {
        throw failure(prefix + "_update", status);
      }
    } finally {
      release();
    }
  }

  void aggMerge(String prefix, int[] targets, int[] sources) {
    try {
      int status = callStatus(prefix + "_merge", targets.length, ints(targets), ints(sources));
      if (status != OK) {
        throw failure(prefix + "_merge", status);
      }
    } finally {
      release();
    }
  }

  List<byte[]> aggSerialize(String prefix, int[] states) {
    try {
      int out = zeroed(64);
      int status = callStatus(prefix + "_serialize", states.length, ints(states), out);
      if (status != OK) {
        throw failure(prefix + "_serialize", status);
      }
      List<byte[]> blobs = new ArrayList<>();
      for (Object blob : readColumn(out, "z")) {
        blobs.add((byte[]) blob);
      }
      return blobs;
    } finally {
      release();
      reclaim();
    }
  }

  int[] aggDeserialize(String prefix, List<byte[]> blobs) {
    try {
      int[] column = stageColumn(Column.of("z", blobs));
      int out = zeroed(4 * Math.max(blobs.size(), 1));
      int status = callStatus(prefix + "_deserialize", column[0], column[1], out);
      if (status != OK) {
        throw failure(prefix + "_deserialize", status);
      }
      return readInts(out, blobs.size());
    } finally {
      release();
    }
  }

  List<Object> aggFinish(String prefix, int[] states, String resultFormat) {
    try {
      int outSchema = schema(resultFormat, "result", 2, new int[0]);
      int out = zeroed(64);
      int status = callStatus(prefix + "_finish", states.length, ints(states), outSchema, out);
      if (status != OK) {
        throw failure(prefix + "_finish", status);
      }
      return readColumn(out, resultFormat);
    } finally {
      release();
      reclaim();
    }
  }

  void aggDestroy(String prefix, int[] states) {
    try {
      int status = callStatus(prefix + "_destroy", states.length, ints(states));
      if (status != OK) {
        throw failure(prefix + "_destroy", status);
      }
    } finally {
      release();
    }
  }

  /** Lets the guest free the outputs it handed over (ABI.md 4.2). */
  void reclaim() {
    if (hasExport("sluice_reclaim")) {
      instance.export("sluice_reclaim").apply();
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Writing into guest memory: only into blocks from sluice_alloc (ABI.md 4.1)
  // ----------------------------------------------------------------------------------------------

  /** Allocates a block that {@link #release()} frees. */
  int alloc(int size) {
    int ptr = (int) instance.export("sluice_alloc").apply(Math.max(size, 1), 16)[0];
    if (ptr == 0) {
      throw new IllegalStateException("sluice_alloc(" + size + ", 16) returned 0");
    }
    staged.add(new int[] {ptr, Math.max(size, 1)});
    return ptr;
  }

  /** Frees every block allocated since the last release. */
  void release() {
    for (int[] block : staged) {
      instance.export("sluice_free").apply(block[0], block[1], 16);
    }
    staged.clear();
  }

  int write(byte[] bytes) {
    int ptr = alloc(bytes.length);
    memory.write(ptr, bytes);
    return ptr;
  }

  private int zeroed(int size) {
    return write(new byte[size]);
  }

  private int cString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    byte[] terminated = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, terminated, 0, bytes.length);
    return write(terminated);
  }

  int ints(int[] values) {
    ByteBuffer buffer = little(4 * values.length);
    for (int v : values) {
      buffer.putInt(v);
    }
    return write(buffer.array());
  }

  private int[] readInts(int ptr, int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = memory.readInt(ptr + 4 * i);
    }
    return values;
  }

  /** An ArrowSchema (48 bytes, ABI.md 5) with the guest's borrowed_release as release. */
  int schema(String format, String name, long flags, int[] children) {
    int ptr = zeroed(48);
    memory.writeI32(ptr, cString(format));
    memory.writeI32(ptr + 4, name == null ? 0 : cString(name));
    memory.writeLong(ptr + 16, flags);
    memory.writeLong(ptr + 24, children.length);
    memory.writeI32(ptr + 32, children.length == 0 ? 0 : ints(children));
    memory.writeI32(ptr + 40, borrowedRelease);
    return ptr;
  }

  /** An ArrowArray (64 bytes) with offset 0. */
  int array(long length, long nullCount, int[] buffers, int[] children) {
    int ptr = zeroed(64);
    memory.writeLong(ptr, length);
    memory.writeLong(ptr + 8, nullCount);
    memory.writeLong(ptr + 24, buffers.length);
    memory.writeLong(ptr + 32, children.length);
    memory.writeI32(ptr + 40, ints(buffers));
    memory.writeI32(ptr + 44, children.length == 0 ? 0 : ints(children));
    memory.writeI32(ptr + 52, borrowedRelease);
    return ptr;
  }

  /** Stages a batch as ABI.md 5.1 says: a "+s" struct with one child per argument. */
  int[] stageBatch(Column... args) {
    int rows = args.length == 0 ? 0 : args[0].length();
    int[] schemas = new int[args.length];
    int[] arrays = new int[args.length];
    for (int i = 0; i < args.length; i++) {
      if (args[i].length() != rows) {
        throw new IllegalArgumentException("columns of different lengths");
      }
      int[] column = stageColumn(args[i]);
      schemas[i] = column[0];
      arrays[i] = column[1];
    }
    int schema = schema("+s", "", 0, schemas);
    int array = array(rows, 0, new int[] {0}, arrays);
    return new int[] {schema, array};
  }

  /** Stages one column: returns {schema, array}. */
  int[] stageColumn(Column column) {
    List<Object> values = column.values();
    int n = values.size();
    int nulls = 0;
    byte[] validity = new byte[(n + 7) / 8];
    for (int i = 0; i < n; i++) {
      if (values.get(i) == null) {
        nulls++;
      } else {
        validity[i >> 3] |= (byte) (1 << (i & 7));
      }
    }
    int validityPtr = nulls == 0 ? 0 : write(validity);
    String format = column.format();
    int[] buffers;
    if (format.equals("u") || format.equals("z")) {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      ByteBuffer offsets = little(4 * (n + 1));
      offsets.putInt(0);
      for (Object v : values) {
        if (v != null) {
          data.writeBytes(v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) v);
        }
        offsets.putInt(data.size());
      }
      buffers = new int[] {validityPtr, write(offsets.array()), write(data.toByteArray())};
    } else if (format.equals("b")) {
      byte[] bits = new byte[(n + 7) / 8];
      for (int i = 0; i < n; i++) {
        if (Boolean.TRUE.equals(values.get(i))) {
          bits[i >> 3] |= (byte) (1 << (i & 7));
        }
      }
      buffers = new int[] {validityPtr, write(bits)};
    } else {
      int width = width(format);
      ByteBuffer fixed = little(width * n);
      for (Object v : values) {
        putFixed(fixed, format, v);
      }
      buffers = new int[] {validityPtr, write(fixed.array())};
    }
    int schema = schema(format, column.name(), 2, new int[0]);
    return new int[] {schema, array(n, nulls, buffers, new int[0])};
  }

  private static int width(String format) {
    if (format.startsWith("d:")) {
      return 16;
    }
    if (format.startsWith("tsu:")) {
      return 8;
    }
    switch (format) {
      case "c":
        return 1;
      case "s":
        return 2;
      case "i":
      case "f":
      case "tdD":
        return 4;
      case "l":
      case "g":
      case "ttu":
        return 8;
      default:
        throw new IllegalArgumentException("unknown format " + format);
    }
  }

  private static void putFixed(ByteBuffer buffer, String format, Object v) {
    if (format.startsWith("d:")) {
      buffer.put(decimalBytes(v == null ? BigInteger.ZERO : (BigInteger) v));
    } else if (format.equals("c")) {
      buffer.put(v == null ? 0 : (Byte) v);
    } else if (format.equals("s")) {
      buffer.putShort(v == null ? 0 : (Short) v);
    } else if (format.equals("i") || format.equals("tdD")) {
      buffer.putInt(v == null ? 0 : (Integer) v);
    } else if (format.equals("f")) {
      buffer.putFloat(v == null ? 0 : (Float) v);
    } else if (format.equals("g")) {
      buffer.putDouble(v == null ? 0 : (Double) v);
    } else {
      buffer.putLong(v == null ? 0 : (Long) v);
    }
  }

  /** 16 bytes, little-endian two's complement. */
  private static byte[] decimalBytes(BigInteger v) {
    byte[] bigEndian = v.toByteArray();
    byte[] out = new byte[16];
    byte fill = (byte) (v.signum() < 0 ? 0xFF : 0);
    for (int i = 0; i < 16; i++) {
      int j = bigEndian.length - 1 - i;
      out[i] = j >= 0 ? bigEndian[j] : fill;
    }
    return out;
  }

  private static ByteBuffer little(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  // ----------------------------------------------------------------------------------------------
  // Reading guest outputs
  // ----------------------------------------------------------------------------------------------

  /** Reads an output ArrowArray of the given format into Java values (see {@link Column}). */
  List<Object> readColumn(int arrayPtr, String format) {
    long length = memory.readLong(arrayPtr);
    long offset = memory.readLong(arrayPtr + 16);
    int buffers = memory.readInt(arrayPtr + 40);
    int validity = memory.readInt(buffers);
    List<Object> values = new ArrayList<>();
    for (long row = 0; row < length; row++) {
      int i = (int) (row + offset);
      if (validity != 0 && ((memory.read(validity + (i >> 3)) >> (i & 7)) & 1) == 0) {
        values.add(null);
      } else {
        values.add(readValue(format, buffers, i));
      }
    }
    return values;
  }

  private Object readValue(String format, int buffers, int i) {
    int values = memory.readInt(buffers + 4);
    if (format.equals("u") || format.equals("z")) {
      int start = memory.readInt(values + 4 * i);
      int end = memory.readInt(values + 4 * i + 4);
      byte[] bytes = memory.readBytes(memory.readInt(buffers + 8) + start, end - start);
      return format.equals("u") ? utf8(bytes) : bytes;
    }
    if (format.equals("b")) {
      return ((memory.read(values + (i >> 3)) >> (i & 7)) & 1) != 0;
    }
    if (format.startsWith("d:")) {
      byte[] little = memory.readBytes(values + 16 * i, 16);
      byte[] big = new byte[16];
      for (int k = 0; k < 16; k++) {
        big[k] = little[15 - k];
      }
      return new BigInteger(big);
    }
    int width = width(format);
    ByteBuffer b = ByteBuffer.wrap(memory.readBytes(values + width * i, width));
    b.order(ByteOrder.LITTLE_ENDIAN);
    switch (format) {
      case "c":
        return b.get();
      case "s":
        return b.getShort();
      case "i":
      case "tdD":
        return b.getInt();
      case "f":
        return b.getFloat();
      case "g":
        return b.getDouble();
      default:
        return b.getLong();
    }
  }

  /** Decodes messages: invalid UTF-8 replaced, as the real host does (ABI.md 7). */
  private static String lenient(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Decodes strict UTF-8; guests must never hand the host anything else as VARCHAR. */
  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("the guest returned bytes that are not UTF-8", e);
    }
  }
}
