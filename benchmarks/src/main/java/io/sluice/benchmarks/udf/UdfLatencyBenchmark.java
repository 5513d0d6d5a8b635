package io.sluice.benchmarks.udf;

import com.dylibso.chicory.wasm.Parser;
import io.sluice.udf.UdfFunction;
import io.sluice.udf.UdfLimits;
import io.sluice.udf.UdfRuntime;
import io.sluice.udf.UdfSession;
import io.sluice.udf.internal.CodeRegistry;
import io.sluice.udf.internal.Environment;
import io.sluice.udf.internal.GuestInstance;
import io.sluice.udf.internal.InstanceFactory;
import io.sluice.udf.internal.ModuleCompiler;
import io.sluice.udf.internal.Sha256;
import io.sluice.udf.internal.Watchdog;
import io.sluice.wasidata.CallMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it costs to get a function ready to run, from the most to the least work: parse and compile
 * a module; load it through the public API (checks, compile, first instance); load it in a
 * restarted process from the disk cache; create a new instance from compiled code; take a pooled
 * instance for a session and give it back (reset); call it on an empty batch (the fixed cost of a
 * call). And the "container" reference: start a native process that runs the same function over one
 * batch and wait for its answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
public class UdfLatencyBenchmark {

  private byte[] guest;
  private BufferAllocator allocator;
  private Path cacheDirectory;
  private Watchdog watchdog;
  private InstanceFactory instances;
  private UdfRuntime runtime;
  private UdfFunction function;
  private UdfSession session;
  private List<FieldVector> emptyBatch;
  private List<FieldVector> smallBatch;
  private NativeProgram program;
  private String nativeAnswer;

  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    guest = BenchData.guest();
    allocator = new RootAllocator();
    cacheDirectory = Files.createTempDirectory("sluice-bench-cache");
    try (UdfRuntime warm = UdfRuntime.builder().cacheDirectory(cacheDirectory).build()) {
      warm.load(guest);
    }
    watchdog = new Watchdog();
    CodeRegistry.LoadedCode code = new CodeRegistry(new ModuleCompiler(null)).load(guest, false);
    instances =
        new InstanceFactory(
            code,
            UdfLimits.defaults(),
            new Environment(Clock.systemUTC(), new SecureRandom(), watchdog),
            CallMetrics.NONE);
    runtime = UdfRuntime.create();
    function = BenchData.load(runtime, false).function("scale_batch");
    session = function.session();
    emptyBatch = new ArrayList<>(List.of(BenchData.input(BenchData.SCALE, allocator, 0)));
    smallBatch =
        new ArrayList<>(List.of(BenchData.input(BenchData.SCALE, allocator, SMALL_BATCH_ROWS)));
    program = NativeProgram.compile();
    nativeAnswer = program.run(BenchData.SCALE, UdfThroughputBenchmark.ROWS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    session.close();
    runtime.close();
    watchdog.close();
    emptyBatch.forEach(FieldVector::close);
    smallBatch.forEach(FieldVector::close);
    allocator.close();
    program.delete();
    try (Stream<Path> files = Files.walk(cacheDirectory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Parsing the module and compiling it to JVM bytecode (no cache). */
  @Benchmark
  public Object parseAndCompile() {
    return new ModuleCompiler(null)
        .compile(Parser.parse(guest), Sha256.digest(guest), new ArrayList<>());
  }

  /** {@code UdfRuntime.load} in a fresh runtime: checks, compile, one trial instance. */
  @Benchmark
  public Object loadCompiling() {
    try (UdfRuntime fresh = UdfRuntime.create()) {
      return fresh.load(guest);
    }
  }

  /** {@code UdfRuntime.load} in a fresh runtime whose disk cache has the module: a restart. */
  @Benchmark
  public Object loadFromDiskCache() {
    try (UdfRuntime restarted = UdfRuntime.builder().cacheDirectory(cacheDirectory).build()) {
      return restarted.load(guest);
    }
  }

  /** A new instance of compiled code: instantiate, _initialize, guest info, reset image. */
  @Benchmark
  public GuestInstance newInstance() {
    return instances.create();
  }

  /** Opening a session on a warm pool (acquire) and closing it (reset, back to the pool). */
  @Benchmark
  public Object pooledSession() {
    try (UdfSession s = function.session()) {
      return s;
    }
  }

  /** One call on an empty batch in an open session: the fixed cost every batch pays. */
  @Benchmark
  public FieldVector emptyBatchCall() {
    FieldVector result = session.scalar(emptyBatch, 0, allocator);
    result.close();
    return result;
  }

  /** Rows of the batch a query's first call runs on, in the two benchmarks below. */
  static final int SMALL_BATCH_ROWS = 4_096;

  /**
   * A query's first batch: take a pooled instance, call it on 4,096 rows and give it back. Beyond
   * {@link #openSessionBatch} this pays the acquire, the copy-on-write copies of the memory pages
   * the call writes first, and the reset that undoes them.
   */
  @Benchmark
  public Object pooledSessionFirstBatch() {
    try (UdfSession s = function.session();
        FieldVector result = s.scalar(smallBatch, SMALL_BATCH_ROWS, allocator)) {
      return result.getValueCount();
    }
  }

  /** The same 4,096-row batch in a session open for the whole run, as a query's later batches. */
  @Benchmark
  public Object openSessionBatch() {
    try (FieldVector result = session.scalar(smallBatch, SMALL_BATCH_ROWS, allocator)) {
      return result.getValueCount();
    }
  }

  /** Starting the native program, which computes one 65,536-row batch, and reading its answer. */
  @Benchmark
  public String nativeProcess() throws IOException, InterruptedException {
    String answer = program.run(BenchData.SCALE, UdfThroughputBenchmark.ROWS);
    if (!answer.equals(nativeAnswer)) {
      throw new IllegalStateException("the native program answered " + answer);
    }
    return answer;
  }
}
