package io.sluice.benchmarks.udf;

import io.sluice.udf.UdfRuntime;
import io.sluice.udf.UdfSession;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per batch over a sweep of batch sizes, for the Java loop and the wasm batch ABI (the
 * SDK-style guest and the hand-tuned one), from which {@link UdfCostModel} fits {@code time = a *
 * rows + b}: {@code b} is the fixed cost a batch pays (staging, the call, checks, result vectors),
 * {@code a} the cost of each row, to be set against the Java loop's own {@code a}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
public class UdfCostModelBenchmark {

  @Param({BenchData.SCALE, BenchData.UPPER})
  public String function;

  @Param({"1024", "2048", "4096", "8192", "16384", "32768", "65536"})
  public int rows;

  private BufferAllocator allocator;
  private UdfRuntime runtime;
  private FieldVector input;
  private List<FieldVector> args;
  private UdfSession session;
  private UdfSession direct;

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    runtime = UdfRuntime.create();
    input = BenchData.input(function, allocator, rows);
    args = List.of(input);
    session = BenchData.load(runtime, false).function(function + "_batch").session();
    direct = BenchData.load(runtime, false).function(function + "_direct").session();
    try (FieldVector expected = BenchData.javaLoop(function, input, allocator);
        FieldVector actual = session.scalar(args, rows, allocator);
        FieldVector tuned = direct.scalar(args, rows, allocator)) {
      BenchData.requireSame("batch ABI", expected, actual);
      BenchData.requireSame("batch ABI, direct", expected, tuned);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
    direct.close();
    runtime.close();
    input.close();
    allocator.close();
  }

  /** The Java loop on one batch. */
  @Benchmark
  public FieldVector javaLoop() {
    FieldVector result = BenchData.javaLoop(function, input, allocator);
    result.close();
    return result;
  }

  /** The hand-tuned guest on one batch, copies in and out included. */
  @Benchmark
  public FieldVector wasmBatchDirect() {
    FieldVector result = direct.scalar(args, rows, allocator);
    result.close();
    return result;
  }

  /** The batch ABI on one batch, copies in and out included. */
  @Benchmark
  public FieldVector wasmBatch() {
    FieldVector result = session.scalar(args, rows, allocator);
    result.close();
    return result;
  }
}
