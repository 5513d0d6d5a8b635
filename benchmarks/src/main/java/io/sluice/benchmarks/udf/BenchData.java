package io.sluice.benchmarks.udf;

import io.sluice.udf.UdfModule;
import io.sluice.udf.UdfOptions;
import io.sluice.udf.UdfRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The benchmark guest and its input batches: BIGINT 0, 1, 2... and ASCII phrases of 5 to 44 bytes
 * in mixed case, each with one NULL in 100 rows (so the functions' NULL paths are taken too).
 */
final class BenchData {

  /** Where the benchmark guest and its C sources live on the classpath. */
  static final String RESOURCES = "/io/sluice/benchmarks/udf/";

  private static final String[] PHRASES = {
    "Hello",
    "the quick brown fox",
    "Jumps Over The Lazy Dog",
    "sluice: compute-to-data",
    "wasm UDFs run next to the data, sandboxed",
    "Arrow batches",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnop",
    "mixed CASE text 12345"
  };

  private BenchData() {}

  /** The numeric function's name in the guest (batch ABI: scale_batch, row ABI: scale_row). */
  static final String SCALE = "scale";

  /** The string function's name in the guest (upper_batch, upper_row). */
  static final String UPPER = "upper";

  /**
   * @return the bytes of bench_udfs.wasm
   */
  static byte[] guest() {
    return resource("bench_udfs.wasm");
  }

  static byte[] resource(String name) {
    try (InputStream in = BenchData.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCES + name + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param runtime a runtime
   * @param interpreted whether to force Chicory's interpreter
   * @return the loaded benchmark guest
   */
  static UdfModule load(UdfRuntime runtime, boolean interpreted) {
    return runtime.load(
        guest(), UdfOptions.builder().interpreterOnly(interpreted).maxIdleInstances(4).build());
  }

  /**
   * @param function {@link #SCALE} or {@link #UPPER}
   * @param allocator where the batch is allocated
   * @param rows how many rows
   * @return the function's input column
   */
  static FieldVector input(String function, BufferAllocator allocator, int rows) {
    if (SCALE.equals(function)) {
      BigIntVector v = new BigIntVector("x", allocator);
      v.allocateNew(rows);
      for (int i = 0; i < rows; i++) {
        if (i % 100 == 99) {
          v.setNull(i);
        } else {
          v.set(i, i);
        }
      }
      v.setValueCount(rows);
      return v;
    }
    VarCharVector v = new VarCharVector("s", allocator);
    v.allocateNew(32L * rows, rows);
    for (int i = 0; i < rows; i++) {
      if (i % 100 == 99) {
        v.setNull(i);
      } else {
        v.setSafe(i, PHRASES[i % PHRASES.length].getBytes(StandardCharsets.US_ASCII));
      }
    }
    v.setValueCount(rows);
    return v;
  }

  /**
   * @param function {@link #SCALE} or {@link #UPPER}
   * @param input its input column
   * @param allocator where the result is allocated
   * @return the Java baseline's result
   */
  static FieldVector javaLoop(String function, FieldVector input, BufferAllocator allocator) {
    return SCALE.equals(function)
        ? Kernels.scaleOffset((BigIntVector) input, allocator)
        : Kernels.upperAscii((VarCharVector) input, allocator);
  }

  /**
   * Fails unless two result columns hold the same values: every variant must compute the same thing
   * before its speed means anything.
   */
  static void requireSame(String what, FieldVector expected, FieldVector actual) {
    if (expected.getValueCount() != actual.getValueCount()) {
      throw new IllegalStateException(
          what + ": " + actual.getValueCount() + " rows, expected " + expected.getValueCount());
    }
    for (int i = 0; i < expected.getValueCount(); i++) {
      Object e = expected.getObject(i);
      Object a = actual.getObject(i);
      if (e == null ? a != null : !e.equals(a)) {
        throw new IllegalStateException(what + " row " + i + ": " + a + ", expected " + e);
      }
    }
  }
}
