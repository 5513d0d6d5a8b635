package io.sluice.wasidata;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import io.sluice.wasidata.FunctionDescriptor.Abi;
import io.sluice.wasidata.FunctionDescriptor.Kind;
import io.sluice.wasidata.internal.BatchExporter;
import io.sluice.wasidata.internal.BatchImporter;
import io.sluice.wasidata.internal.Bits;
import io.sluice.wasidata.internal.CallFailure;
import io.sluice.wasidata.internal.GuestCalls;
import io.sluice.wasidata.internal.RowCall;
import io.sluice.wasidata.internal.Staging;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.VectorAppender;

/**
 * One guest instance seen through the wasi-data ABI v1: the calling conventions of ABI.md sections
 * 5 and 6 for scalar, table and aggregate functions, on Arrow vectors.
 *
 * <p>Build the Chicory {@link Instance} with {@link GuestMemory} and the host functions of a {@link
 * SluiceImports} (plus WASI), then {@link #attach} it: that runs {@code _initialize} when exported
 * and reads {@code sluice_guest_info} once. Take any snapshot for resetting the instance after
 * {@code attach}, and call {@link #afterReset()} after restoring it.
 *
 * <p>Memory: each call writes its inputs into one staging block the guest allocated with {@code
 * sluice_alloc}, kept across calls and replaced ({@code sluice_free}, then a bigger {@code
 * sluice_alloc}) when a batch does not fit; the host never writes outside it. Results are copied
 * out into new vectors from the allocator the caller passes; the caller owns and closes them.
 *
 * <p>Failures are {@link GuestException}s naming the function, the kind of failure, the row when
 * known and the tail of the guest's log. After a trap the instance is unusable ({@link
 * #isBroken()}) and must be thrown away. Not thread-safe: one call at a time, like the instance.
 *
 * <p>Why this class is long: it is the one place that sequences a call (stage, call, check, import,
 * report), once per calling convention and aggregate export; the codec itself is in {@code
 * io.sluice.wasidata.internal}.
 */
public final class Guest {
  private static final int LOG_TAIL_BYTES = 4096;
  private static final int MIN_STAGING = 4096;

  private final Instance instance;
  private final GuestMemory memory;
  private final SluiceImports imports;
  private final OutputLimits limits;
  private final CallMetrics metrics;
  private final int borrowedRelease;
  private final ExportFunction alloc;
  private final ExportFunction free;
  private final ExportFunction reclaim;
  private final Map<String, ExportFunction> exports = new HashMap<>();
  private int stagingAddress;
  private int stagingSize;
  private boolean broken;

  private Guest(
      Instance instance,
      GuestMemory memory,
      SluiceImports imports,
      OutputLimits limits,
      CallMetrics metrics,
      int borrowedRelease) {
    this.instance = instance;
    this.memory = memory;
    this.imports = imports;
    this.limits = limits;
    this.metrics = metrics;
    this.borrowedRelease = borrowedRelease;
    this.alloc = instance.export(AbiV1.EXPORT_ALLOC);
    this.free = instance.export(AbiV1.EXPORT_FREE);
    this.reclaim =
        hasExport(instance, AbiV1.EXPORT_RECLAIM) ? instance.export(AbiV1.EXPORT_RECLAIM) : null;
  }

  /**
   * {@link #attach(Instance, SluiceImports, OutputLimits, CallMetrics)} without output limits or
   * metrics.
   *
   * @param instance an instance built with {@link GuestMemory} and {@code imports}
   * @param imports the host functions linked into the instance
   * @return the guest
   */
  public static Guest attach(Instance instance, SluiceImports imports) {
    return attach(instance, imports, OutputLimits.UNLIMITED, CallMetrics.NONE);
  }

  /**
   * Runs the module's {@code _initialize} (when exported), reads its {@code sluice_guest_info} and
   * wraps the instance.
   *
   * @param instance an instance built with {@code withMemoryFactory(GuestMemory::new)} (or {@link
   *     GuestMemory#factory}) and the host functions of {@code imports}
   * @param imports the host functions linked into this instance (their state is per instance)
   * @param limits the most output one call may produce
   * @param metrics where each call's cost goes
   * @return the guest
   * @throws IllegalArgumentException when the instance's memory is not a GuestMemory, or the module
   *     lacks {@code sluice_abi_v1}, {@code sluice_alloc} or {@code sluice_free}
   * @throws GuestException when {@code _initialize} or {@code sluice_abi_v1} traps or the guest
   *     info is not ABI v1's
   */
  public static Guest attach(
      Instance instance, SluiceImports imports, OutputLimits limits, CallMetrics metrics) {
    if (!(instance.memory() instanceof GuestMemory)) {
      throw new IllegalArgumentException(
          "the instance's memory is a "
              + instance.memory().getClass().getName()
              + "; build it with withMemoryFactory(GuestMemory::new)");
    }
    GuestMemory memory = (GuestMemory) instance.memory();
    for (String required : WasmSignatures.requiredModuleExports().keySet()) {
      if (!hasExport(instance, required)) {
        throw new IllegalArgumentException(
            "the module does not export "
                + required
                + ": it is not a wasi-data ABI v1 module (check it with WasmSignatures first)");
      }
    }
    String step = AbiV1.EXPORT_INITIALIZE;
    try {
      if (hasExport(instance, AbiV1.EXPORT_INITIALIZE)) {
        GuestCalls.invoke(instance.export(AbiV1.EXPORT_INITIALIZE), -1);
      }
      step = AbiV1.EXPORT_ABI;
      long info =
          Integer.toUnsignedLong((int) GuestCalls.invoke(instance.export(AbiV1.EXPORT_ABI), -1)[0]);
      int borrowedRelease = readGuestInfo(memory, info);
      return new Guest(instance, memory, imports, limits, metrics, borrowedRelease);
    } catch (CallFailure f) {
      throw new GuestException(
          f.describe(step), step, f.kind(), -1, imports.log().tail(LOG_TAIL_BYTES), f.getCause());
    }
  }

  private static int readGuestInfo(GuestMemory memory, long info) {
    if (info + AbiV1.GUEST_INFO_SIZE > memory.byteSize()) {
      throw CallFailure.invalid(
          -1,
          "sluice_guest_info at 0x"
              + Long.toHexString(info)
              + " is outside the guest memory of "
              + memory.byteSize()
              + " bytes");
    }
    int version = memory.readInt((int) info + AbiV1.GUEST_INFO_ABI_VERSION);
    if (version != AbiV1.ABI_VERSION) {
      throw CallFailure.invalid(
          -1, "sluice_guest_info.abi_version is " + version + ", expected " + AbiV1.ABI_VERSION);
    }
    int release = memory.readInt((int) info + AbiV1.GUEST_INFO_BORROWED_RELEASE);
    if (release == 0) {
      throw CallFailure.invalid(
          -1,
          "sluice_guest_info.borrowed_release is 0, expected the table index of a no-op function");
    }
    return release;
  }

  private static boolean hasExport(Instance instance, String name) {
    ExportSection section = instance.module().exportSection();
    for (int i = 0; i < section.exportCount(); i++) {
      Export e = section.getExport(i);
      if (e.name().equals(name) && e.exportType() == ExternalType.FUNCTION) {
        return true;
      }
    }
    return false;
  }

  /**
   * @return the guest's memory
   */
  public GuestMemory memory() {
    return memory;
  }

  /**
   * @return the host functions' state, with the guest's log
   */
  public SluiceImports imports() {
    return imports;
  }

  /**
   * @return the wrapped instance
   */
  public Instance instance() {
    return instance;
  }

  /**
   * @return whether the guest trapped; a broken guest refuses calls and must be thrown away
   */
  public boolean isBroken() {
    return broken;
  }

  /**
   * Forgets the staging block and the per-call host state. Call it after restoring the instance to
   * an image taken before this guest's first call (its memory no longer holds the block).
   */
  public void afterReset() {
    stagingAddress = 0;
    stagingSize = 0;
    imports.beginCall();
  }

  // ---- scalar functions
  // --------------------------------------------------------------------------

  /**
   * Calls a batch-ABI scalar function once for the whole batch (ABI.md 5.2). For NULLS STRICT the
   * rows with a NULL argument are NULL in the result whatever the guest wrote.
   *
   * @param f a SCALAR, ABI BATCH function
   * @param args one vector per argument, each of the argument's type and {@code rows} values
   * @param rows the batch's rows (0 is allowed: the guest is still called)
   * @param allocator where the result is allocated
   * @return the result, {@code rows} values of the declared type, owned by the caller
   * @throws GuestException when the guest fails, traps or returns an invalid result
   */
  public FieldVector callScalar(
      FunctionDescriptor f, List<? extends FieldVector> args, int rows, BufferAllocator allocator) {
    requireKind(f, Kind.SCALAR, Abi.BATCH);
    checkArguments(f, args, rows);
    Call call = begin(f, f.exportName(), rows);
    try {
      int[] at = new int[4];
      stage(
          call,
          e -> {
            at[0] = e.structSchema(f.argumentTypes(), argumentNames(f));
            at[1] = e.structArray(f.argumentTypes(), args, rows);
            at[2] = e.schema(f.resultType(), f.name());
            at[3] = e.zeroedArray();
          });
      call.guest();
      int status = invokeStatus(call, at[0], at[1], at[2], at[3]);
      checkStatus(status, false);
      call.copyOut();
      BatchImporter importer = new BatchImporter(memory, allocator, limits.maxBytes());
      FieldVector result = importer.column(at[3], f.resultType(), f.name(), rows, "");
      if (f.nulls() == FunctionDescriptor.Nulls.STRICT) {
        maskNullArguments(result, args, rows);
      }
      call.done(rows, importer.bytesCopied());
      return result;
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      call.record();
    }
  }

  /**
   * Calls a row-ABI scalar function once per row, inside this instance (ABI.md 6). String arguments
   * travel as (pointer, length) into one copy of their data in the staging block. NULLS STRICT
   * skips rows with a NULL argument (their result is NULL); NULLS CALLED passes the null mask and
   * honours {@code return_null}. Calls {@code sluice_reclaim} after the batch.
   *
   * @param f a SCALAR, ABI ROW function
   * @param args one vector per argument, each of the argument's type and {@code rows} values
   * @param rows the batch's rows
   * @param allocator where the result is allocated
   * @return the result, {@code rows} values of the declared type, owned by the caller
   * @throws GuestException naming the row when the guest reports an error, traps or returns an
   *     invalid value
   */
  public FieldVector callScalarRow(
      FunctionDescriptor f, List<? extends FieldVector> args, int rows, BufferAllocator allocator) {
    requireKind(f, Kind.SCALAR, Abi.ROW);
    checkArguments(f, args, rows);
    Call call = begin(f, f.exportName(), rows);
    try {
      int[] bases = new int[args.size()];
      stage(call, e -> stageStrings(e, f, args, rows, bases));
      call.guest();
      RowCall loop =
          new RowCall(
              memory, imports, export(f.exportName()), f, args, rows, bases, limits.maxBytes());
      FieldVector result = loop.run(allocator);
      call.calls = loop.guestCalls();
      try {
        if (reclaim != null) {
          GuestCalls.invoke(reclaim, -1);
        }
      } catch (CallFailure e) {
        result.close();
        throw e;
      }
      call.copyOut();
      call.done(rows, loop.bytesOut());
      return result;
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      call.record();
    }
  }

  /** Copies each string argument's data buffer into the block once; records where. */
  private static void stageStrings(
      BatchExporter e, FunctionDescriptor f, List<? extends FieldVector> args, int rows, int[] at) {
    for (int a = 0; a < args.size(); a++) {
      if (f.arguments().get(a).type().isVariableWidth()) {
        at[a] = e.bytes(args.get(a), rows);
      }
    }
  }

  // ---- table functions
  // ---------------------------------------------------------------------------

  /**
   * Calls a table function (ABI.md 5.3). While the guest returns SLUICE_MORE the host copies the
   * partial output and calls again with the same input, concatenating the outputs, within the
   * output limits.
   *
   * @param f a TABLE function
   * @param args one vector per argument, each of the argument's type and {@code rows} values
   * @param rows the batch's rows
   * @param allocator where the result is allocated
   * @return the output rows: a {@code row} column (the input row of each output row), then the
   *     declared columns; owned by the caller
   * @throws GuestException when the guest fails, traps, returns an invalid result or too much
   */
  public VectorSchemaRoot callTable(
      FunctionDescriptor f, List<? extends FieldVector> args, int rows, BufferAllocator allocator) {
    requireKind(f, Kind.TABLE, Abi.BATCH);
    checkArguments(f, args, rows);
    List<SqlType> types = f.columns().stream().map(FunctionDescriptor.Column::type).toList();
    List<String> names = f.columns().stream().map(FunctionDescriptor.Column::name).toList();
    Call call = begin(f, f.exportName(), rows);
    List<FieldVector> output = null;
    try {
      int[] at = new int[4];
      stage(
          call,
          e -> {
            at[0] = e.structSchema(f.argumentTypes(), argumentNames(f));
            at[1] = e.structArray(f.argumentTypes(), args, rows);
            at[2] = e.tableSchema(types, names);
            at[3] = e.zeroedArray();
          });
      BatchImporter importer = new BatchImporter(memory, allocator, limits.maxBytes());
      long total = 0;
      int lastRow = 0;
      while (true) {
        call.guest();
        int status = invokeStatus(call, at[0], at[1], at[2], at[3]);
        checkStatus(status, true);
        call.copyOut();
        List<FieldVector> chunk =
            importer.table(at[3], types, names, rows, lastRow, total, limits.maxRows());
        int n = chunk.get(0).getValueCount();
        if (status == AbiV1.MORE && n == 0) {
          close(chunk);
          throw CallFailure.invalid(
              -1, "it returned SLUICE_MORE without output rows; every round must add rows");
        }
        output = append(output, chunk);
        total += n;
        lastRow = n == 0 ? lastRow : output.get(0).getDataBuffer().getInt(4L * (total - 1));
        if (status == AbiV1.OK) {
          break;
        }
        memory.fill((byte) 0, at[3], at[3] + AbiV1.ARRAY_SIZE); // zeroed again for the next round
      }
      List<Field> fields = new ArrayList<>();
      for (FieldVector v : output) {
        fields.add(v.getField());
      }
      VectorSchemaRoot root = new VectorSchemaRoot(fields, output, (int) total);
      call.done(total, importer.bytesCopied());
      output = null;
      return root;
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      close(output);
      call.record();
    }
  }

  /** Appends a round's vectors to the output so far (the chunk is consumed). */
  private static List<FieldVector> append(List<FieldVector> output, List<FieldVector> chunk) {
    if (output == null) {
      return chunk;
    }
    try {
      for (int i = 0; i < output.size(); i++) {
        chunk.get(i).accept(new VectorAppender(output.get(i)), null);
      }
    } finally {
      close(chunk);
    }
    return output;
  }

  // ---- aggregates
  // --------------------------------------------------------------------------------

  /**
   * {@code p_init}: creates {@code n} empty states.
   *
   * @param f an AGGREGATE function
   * @param n how many states (groups)
   * @return their handles, non-zero and opaque
   * @throws GuestException when the guest fails, traps or returns a zero handle
   */
  public int[] aggregateInit(FunctionDescriptor f, int n) {
    requireKind(f, Kind.AGGREGATE, Abi.BATCH);
    Call call = begin(f, f.exportName() + AbiV1.AGGREGATE_INIT, 0);
    try {
      int[] at = new int[1];
      stage(call, e -> at[0] = e.handles(null, n));
      call.guest();
      checkStatus(invokeStatus(call, n, at[0]), false);
      call.copyOut();
      int[] states = readHandles(at[0], n, "states_out");
      call.done(0, 4L * n);
      return states;
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      call.record();
    }
  }

  /**
   * {@code p_update}: folds row i of the batch into {@code states[i]}.
   *
   * @param f an AGGREGATE function
   * @param states one handle per row (rows of one group share a handle)
   * @param args one vector per argument, each of the argument's type and {@code rows} values
   * @param rows the batch's rows
   * @throws GuestException when the guest fails or traps
   */
  public void aggregateUpdate(
      FunctionDescriptor f, int[] states, List<? extends FieldVector> args, int rows) {
    requireKind(f, Kind.AGGREGATE, Abi.BATCH);
    checkArguments(f, args, rows);
    requireLength(states, rows, "states");
    Call call = begin(f, f.exportName() + AbiV1.AGGREGATE_UPDATE, rows);
    try {
      int[] at = new int[3];
      stage(
          call,
          e -> {
            at[0] = e.handles(states, rows);
            at[1] = e.structSchema(f.argumentTypes(), argumentNames(f));
            at[2] = e.structArray(f.argumentTypes(), args, rows);
          });
      call.guest();
      checkStatus(invokeStatus(call, at[0], at[1], at[2]), false);
      call.done(0, 0);
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      call.record();
    }
  }

  /**
   * {@code p_merge}: folds {@code sources[i]} into {@code targets[i]}; sources stay valid.
   *
   * @param f an AGGREGATE function
   * @param targets the states merged into
   * @param sources the states merged from, as many
   * @throws GuestException when the guest fails or traps
   */
  public void aggregateMerge(FunctionDescriptor f, int[] targets, int[] sources) {
    requireKind(f, Kind.AGGREGATE, Abi.BATCH);
    requireLength(sources, targets.length, "sources");
    int n = targets.length;
    Call call = begin(f, f.exportName() + AbiV1.AGGREGATE_MERGE, n);
    try {
      int[] at = new int[2];
      stage(
          call,
          e -> {
            at[0] = e.handles(targets, n);
            at[1] = e.handles(sources, n);
          });
      call.guest();
      checkStatus(invokeStatus(call, n, at[0], at[1]), false);
      call.done(0, 0);
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      call.record();
    }
  }

  /**
   * {@code p_serialize}: each state's portable bytes, for another instance, process or node.
   *
   * @param f an AGGREGATE function
   * @param states the states
   * @param allocator where the result is allocated
   * @return one value per state, owned by the caller
   * @throws GuestException when the guest fails, traps or returns an invalid array
   */
  public VarBinaryVector aggregateSerialize(
      FunctionDescriptor f, int[] states, BufferAllocator allocator) {
    requireKind(f, Kind.AGGREGATE, Abi.BATCH);
    int n = states.length;
    Call call = begin(f, f.exportName() + AbiV1.AGGREGATE_SERIALIZE, n);
    try {
      int[] at = new int[2];
      stage(
          call,
          e -> {
            at[0] = e.handles(states, n);
            at[1] = e.zeroedArray();
          });
      call.guest();
      checkStatus(invokeStatus(call, n, at[0], at[1]), false);
      call.copyOut();
      BatchImporter importer = new BatchImporter(memory, allocator, limits.maxBytes());
      FieldVector result = importer.column(at[1], SqlType.VARBINARY, f.name(), n, "");
      call.done(n, importer.bytesCopied());
      return (VarBinaryVector) result;
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      call.record();
    }
  }

  /**
   * {@code p_deserialize}: one new state per serialized value.
   *
   * @param f an AGGREGATE function
   * @param serialized values from {@link #aggregateSerialize}, of this or another instance
   * @return the new states' handles
   * @throws GuestException when the guest fails, traps or returns a zero handle
   */
  public int[] aggregateDeserialize(FunctionDescriptor f, VarBinaryVector serialized) {
    requireKind(f, Kind.AGGREGATE, Abi.BATCH);
    int n = serialized.getValueCount();
    Call call = begin(f, f.exportName() + AbiV1.AGGREGATE_DESERIALIZE, n);
    try {
      int[] at = new int[3];
      stage(
          call,
          e -> {
            at[0] = e.schema(SqlType.VARBINARY, "states");
            at[1] = e.array(SqlType.VARBINARY, serialized, n);
            at[2] = e.handles(null, n);
          });
      call.guest();
      checkStatus(invokeStatus(call, at[0], at[1], at[2]), false);
      call.copyOut();
      int[] states = readHandles(at[2], n, "states_out");
      call.done(0, 4L * n);
      return states;
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      call.record();
    }
  }

  /**
   * {@code p_finish}: each state's result.
   *
   * @param f an AGGREGATE function
   * @param states the states
   * @param allocator where the result is allocated
   * @return one value of the declared type per state, owned by the caller
   * @throws GuestException when the guest fails, traps or returns an invalid array
   */
  public FieldVector aggregateFinish(
      FunctionDescriptor f, int[] states, BufferAllocator allocator) {
    requireKind(f, Kind.AGGREGATE, Abi.BATCH);
    int n = states.length;
    Call call = begin(f, f.exportName() + AbiV1.AGGREGATE_FINISH, n);
    try {
      int[] at = new int[3];
      stage(
          call,
          e -> {
            at[0] = e.handles(states, n);
            at[1] = e.schema(f.resultType(), f.name());
            at[2] = e.zeroedArray();
          });
      call.guest();
      checkStatus(invokeStatus(call, n, at[0], at[1], at[2]), false);
      call.copyOut();
      BatchImporter importer = new BatchImporter(memory, allocator, limits.maxBytes());
      FieldVector result = importer.column(at[2], f.resultType(), f.name(), n, "");
      call.done(n, importer.bytesCopied());
      return result;
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      call.record();
    }
  }

  /**
   * {@code p_destroy}: frees the states; their handles are dead afterwards.
   *
   * @param f an AGGREGATE function
   * @param states the states
   * @throws GuestException when the guest fails or traps
   */
  public void aggregateDestroy(FunctionDescriptor f, int[] states) {
    requireKind(f, Kind.AGGREGATE, Abi.BATCH);
    int n = states.length;
    Call call = begin(f, f.exportName() + AbiV1.AGGREGATE_DESTROY, n);
    try {
      int[] at = new int[1];
      stage(call, e -> at[0] = e.handles(states, n));
      call.guest();
      checkStatus(invokeStatus(call, n, at[0]), false);
      call.done(0, 0);
    } catch (CallFailure e) {
      throw call.failed(e);
    } finally {
      call.record();
    }
  }

  // ---- the parts of every call
  // -------------------------------------------------------------------

  private Call begin(FunctionDescriptor f, String export, long rowsIn) {
    if (broken) {
      throw new IllegalStateException(
          "this guest trapped earlier and must be thrown away, not called again");
    }
    imports.beginCall();
    return new Call(f, export, rowsIn);
  }

  /**
   * Lays the call's inputs out (measuring), makes sure the staging block is big enough, then writes
   * them into it. {@code plan} runs twice and must do the same both times.
   */
  private void stage(Call call, Consumer<BatchExporter> plan) {
    Staging measure = Staging.measure();
    plan.accept(new BatchExporter(measure, borrowedRelease));
    ensureStaging(measure.used());
    Staging write = Staging.write(memory, stagingAddress, stagingSize);
    plan.accept(new BatchExporter(write, borrowedRelease));
    call.bytesIn = write.bytesCopied();
  }

  /** Keeps one block: freed and replaced by a bigger one only when a call does not fit. */
  private void ensureStaging(int needed) {
    if (needed == 0 || (needed <= stagingSize && stagingAddress != 0)) {
      return;
    }
    if (stagingAddress != 0) {
      GuestCalls.invoke(free, -1, stagingAddress, stagingSize, AbiV1.BUFFER_ALIGNMENT);
      stagingAddress = 0;
      stagingSize = 0;
    }
    long roomy = Math.max(MIN_STAGING, needed + (long) needed / 4);
    int size = (int) Math.min(Integer.MAX_VALUE - 15L, (roomy + 15) & -16L);
    long address = allocate(size);
    if (address == 0 && size > needed) {
      size = (int) ((needed + 15L) & -16L); // no room for headroom: try the exact size
      address = allocate(size);
    }
    if (address == 0) {
      throw new CallFailure(
          GuestException.Kind.OUT_OF_MEMORY,
          -1,
          "the guest is out of memory: sluice_alloc(" + size + ", 16) returned 0",
          null);
    }
    if ((address & (AbiV1.BUFFER_ALIGNMENT - 1)) != 0 || address + size > memory.byteSize()) {
      throw CallFailure.invalid(
          -1,
          "sluice_alloc("
              + size
              + ", 16) returned 0x"
              + Long.toHexString(address)
              + ", expected a 16-aligned block inside the guest memory of "
              + memory.byteSize()
              + " bytes");
    }
    stagingAddress = (int) address;
    stagingSize = size;
  }

  private long allocate(int size) {
    return Integer.toUnsignedLong(
        (int) GuestCalls.invoke(alloc, -1, size, AbiV1.BUFFER_ALIGNMENT)[0]);
  }

  private int invokeStatus(Call call, long... args) {
    call.calls++;
    return (int) GuestCalls.invoke(export(call.export), -1, args)[0];
  }

  /** A failing status, or an error the guest reported even with status OK, fails the call. */
  private void checkStatus(int status, boolean table) {
    if (imports.errorMessage() != null) {
      throw CallFailure.guestError(imports.errorRow(), imports.errorMessage(), status);
    }
    if (status == AbiV1.OK || (table && status == AbiV1.MORE)) {
      return;
    }
    if (status == AbiV1.MORE) {
      throw CallFailure.invalid(-1, "it returned SLUICE_MORE, which only table functions may");
    }
    throw CallFailure.guestError(-1, null, status);
  }

  private int[] readHandles(int address, int n, String what) {
    int[] handles = new int[n];
    for (int i = 0; i < n; i++) {
      handles[i] = memory.readInt(address + 4 * i);
      if (handles[i] == 0) {
        throw CallFailure.invalid(-1, what + "[" + i + "] is 0; state handles are non-zero");
      }
    }
    return handles;
  }

  private ExportFunction export(String name) {
    ExportFunction e = exports.get(name);
    if (e == null) {
      if (!hasExport(instance, name)) {
        throw new IllegalArgumentException(
            "the module has no function export "
                + name
                + "; check modules against WasmSignatures before calling them");
      }
      e = instance.export(name);
      exports.put(name, e);
    }
    return e;
  }

  /**
   * NULLS STRICT on the batch ABI: a row with a NULL argument is NULL, whatever the guest wrote.
   */
  private static void maskNullArguments(
      FieldVector result, List<? extends FieldVector> args, int rows) {
    for (FieldVector arg : args) {
      if (rows > 0 && arg.getNullCount() > 0) {
        Bits.and(result.getValidityBuffer(), arg.getValidityBuffer(), rows);
      }
    }
  }

  private static List<String> argumentNames(FunctionDescriptor f) {
    List<String> names = new ArrayList<>(f.arguments().size());
    for (int i = 0; i < f.arguments().size(); i++) {
      names.add(f.argumentName(i));
    }
    return names;
  }

  private static void requireKind(FunctionDescriptor f, Kind kind, Abi abi) {
    if (f.kind() != kind || f.abi() != abi) {
      throw new IllegalArgumentException(
          f.name()
              + " is a "
              + f.kind()
              + " function on ABI "
              + f.abi()
              + ", not "
              + kind
              + " on "
              + abi);
    }
  }

  private static void requireLength(int[] handles, int expected, String what) {
    if (handles.length != expected) {
      throw new IllegalArgumentException(
          what + " has " + handles.length + " handles, expected " + expected);
    }
  }

  /** The host's own inputs must match the descriptor: a mismatch is a host bug, not the guest's. */
  private static void checkArguments(
      FunctionDescriptor f, List<? extends FieldVector> args, int rows) {
    if (args.size() != f.arguments().size()) {
      throw new IllegalArgumentException(
          f.name() + " takes " + f.arguments().size() + " arguments, got " + args.size());
    }
    for (int i = 0; i < args.size(); i++) {
      FieldVector v = args.get(i);
      SqlType declared = f.arguments().get(i).type();
      SqlType actual = SqlType.fromArrowType(v.getField().getType());
      if (!actual.equals(declared)) {
        throw new IllegalArgumentException(
            f.name() + " argument " + (i + 1) + " is " + declared + ", got a vector of " + actual);
      }
      if (v.getValueCount() != rows) {
        throw new IllegalArgumentException(
            f.name()
                + " argument "
                + (i + 1)
                + " has "
                + v.getValueCount()
                + " values, expected "
                + rows);
      }
    }
  }

  private static void close(List<FieldVector> vectors) {
    if (vectors != null) {
      try {
        AutoCloseables.close(vectors);
      } catch (Exception e) {
        throw new IllegalStateException("closing vectors failed", e);
      }
    }
  }

  /** One call's clock, counters and failure conversion. */
  private final class Call {
    private final FunctionDescriptor function;
    private final String export;
    private final long rowsIn;
    private final long[] nanos = new long[3]; // copying in, in the guest, copying out
    private int phase;
    private long mark = System.nanoTime();
    private long rowsOut;
    private long bytesIn;
    private long bytesOut;
    private long calls;
    private boolean failed = true;

    Call(FunctionDescriptor function, String export, long rowsIn) {
      this.function = function;
      this.export = export;
      this.rowsIn = rowsIn;
    }

    /** From now on, time counts as spent in the guest (table rounds switch back and forth). */
    void guest() {
      enter(1);
    }

    /** From now on, time counts as copying out. */
    void copyOut() {
      enter(2);
    }

    private void enter(int next) {
      long now = System.nanoTime();
      nanos[phase] += now - mark;
      mark = now;
      phase = next;
    }

    void done(long rows, long bytes) {
      rowsOut = rows;
      bytesOut = bytes;
      failed = false;
    }

    GuestException failed(CallFailure e) {
      if (e.kind() == GuestException.Kind.TRAP) {
        broken = true;
      }
      String name = function.name();
      return new GuestException(
          e.describe(name),
          name,
          e.kind(),
          e.row(),
          imports.log().tail(LOG_TAIL_BYTES),
          e.getCause());
    }

    void record() {
      enter(phase);
      metrics.record(
          new CallStatistics(
              function.name(),
              export,
              rowsIn,
              rowsOut,
              bytesIn,
              bytesOut,
              nanos[0],
              nanos[1],
              nanos[2],
              calls,
              failed));
    }
  }
}
