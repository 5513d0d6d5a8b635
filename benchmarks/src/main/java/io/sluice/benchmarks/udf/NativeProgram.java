package io.sluice.benchmarks.udf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The "container" reference: the benchmark functions compiled for the host (bench_native.c, from
 * the classpath, by the first of cc, clang and gcc that works) and run as an OS process.
 */
final class NativeProgram {

  private final Path directory;
  private final Path binary;

  private NativeProgram(Path directory, Path binary) {
    this.directory = directory;
    this.binary = binary;
  }

  /**
   * Compiles bench_native.c with -O2 into a temporary directory.
   *
   * @return the program
   * @throws IllegalStateException naming the compilers tried when none works
   */
  static NativeProgram compile() throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("sluice-bench-native");
    for (String file : List.of("bench_native.c", "bench_kernels.h")) {
      Files.write(directory.resolve(file), BenchData.resource(file));
    }
    Path binary = directory.resolve("bench_native");
    List<String> failures = new ArrayList<>();
    for (String compiler : List.of("cc", "clang", "gcc")) {
      try {
        Process p =
            new ProcessBuilder(
                    compiler,
                    "-O2",
                    "-o",
                    binary.toString(),
                    directory.resolve("bench_native.c").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() == 0) {
          return new NativeProgram(directory, binary);
        }
        failures.add(compiler + ": " + output.strip());
      } catch (IOException e) {
        failures.add(compiler + ": " + e.getMessage());
      }
    }
    throw new IllegalStateException("no C compiler for the host worked: " + failures);
  }

  /**
   * Starts the program, waits for its result and returns it.
   *
   * @param function "scale" or "upper"
   * @param rows how many rows it computes
   * @return what it printed, a checksum
   */
  String run(String function, int rows) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(binary.toString(), function, Integer.toString(rows))
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
    int status = p.waitFor();
    if (status != 0) {
      throw new IllegalStateException(binary + " exited with " + status + ": " + output);
    }
    return output;
  }

  /** Deletes the binary and its sources. */
  void delete() throws IOException {
    for (String file : List.of("bench_native", "bench_native.c", "bench_kernels.h")) {
      Files.deleteIfExists(directory.resolve(file));
    }
    Files.deleteIfExists(directory);
  }
}
