package io.sluice.benchmarks.udf;

import io.sluice.udf.UdfRuntime;
import io.sluice.udf.UdfSession;
import io.sluice.udf.UdfStats;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows per second of one function, four ways, on the same 65,536-row Arrow batch: (a) a plain Java
 * loop (the baseline), (b) the wasm batch ABI, copies in and out included, written with the C SDK's
 * value-by-value appends, and (b') hand-tuned to fill its output buffers in one pass, (c) the wasm
 * row ABI, (d) the batch ABI in Chicory's interpreter. Each wasm variant runs in one open session,
 * as a query's batches do; each operation is one batch, its result vector allocated and closed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
@OperationsPerInvocation(UdfThroughputBenchmark.ROWS)
public class UdfThroughputBenchmark {

  /** Rows per batch: a typical scan batch. */
  static final int ROWS = 65_536;

  @Param({BenchData.SCALE, BenchData.UPPER})
  public String function;

  private BufferAllocator allocator;
  private UdfRuntime runtime;
  private FieldVector input;
  private List<FieldVector> args;
  private UdfSession batch;
  private UdfSession direct;
  private UdfSession row;
  private UdfSession interpreted;

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    runtime = UdfRuntime.create();
    input = BenchData.input(function, allocator, ROWS);
    args = List.of(input);
    batch = BenchData.load(runtime, false).function(function + "_batch").session();
    direct = BenchData.load(runtime, false).function(function + "_direct").session();
    row = BenchData.load(runtime, false).function(function + "_row").session();
    interpreted = BenchData.load(runtime, true).function(function + "_batch").session();
    try (FieldVector expected = BenchData.javaLoop(function, input, allocator);
        FieldVector b = batch.scalar(args, ROWS, allocator);
        FieldVector d = direct.scalar(args, ROWS, allocator);
        FieldVector r = row.scalar(args, ROWS, allocator);
        FieldVector i = interpreted.scalar(args, ROWS, allocator)) {
      BenchData.requireSame("batch ABI", expected, b);
      BenchData.requireSame("batch ABI, direct", expected, d);
      BenchData.requireSame("row ABI", expected, r);
      BenchData.requireSame("interpreter", expected, i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (UdfSession session : List.of(batch, direct, row, interpreted)) {
      report(session.function().stats());
    }
    batch.close();
    direct.close();
    row.close();
    interpreted.close();
    runtime.close();
    input.close();
    allocator.close();
  }

  /** (a) The baseline: a Java loop over the Arrow vectors. */
  @Benchmark
  public FieldVector javaLoop() {
    return closeAfter(BenchData.javaLoop(function, input, allocator));
  }

  /** (b) One call on the batch ABI: copy in, run, check and copy out. */
  @Benchmark
  public FieldVector wasmBatch() {
    return closeAfter(batch.scalar(args, ROWS, allocator));
  }

  /**
   * (b') The batch ABI with a guest that fills its output in one pass: the SDK's bulk path for the
   * number, hand-tuned buffers for the string.
   */
  @Benchmark
  public FieldVector wasmBatchDirect() {
    return closeAfter(direct.scalar(args, ROWS, allocator));
  }

  /** (c) The row ABI: one guest call per row, inside one instance. */
  @Benchmark
  public FieldVector wasmRow() {
    return closeAfter(row.scalar(args, ROWS, allocator));
  }

  /** (d) The batch ABI run by Chicory's interpreter instead of compiled bytecode. */
  @Benchmark
  public FieldVector interpreter() {
    return closeAfter(interpreted.scalar(args, ROWS, allocator));
  }

  /** Where a variant's time went, per batch, from the function's own statistics. */
  private static void report(UdfStats s) {
    double batches = Math.max(1, s.batches());
    System.out.printf(
        "%n[stats] %s (%s): %d batches, per batch %.1f µs in the guest, %.1f µs copying"
            + " (%.0f bytes in, %.0f out), %d instance(s) created%n",
        s.function(),
        s.mode(),
        s.batches(),
        s.guestNanos() / batches / 1000,
        s.copyNanos() / batches / 1000,
        s.bytesIn() / batches,
        s.bytesOut() / batches,
        s.instancesCreated());
  }

  /** Frees the result at once (as a query would after using it); JMH still sees the object. */
  private static FieldVector closeAfter(FieldVector result) {
    result.close();
    return result;
  }
}
