package io.sluice.jobs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The example job modules, as the command line names them: files under examples/udfs/jobs. */
final class ExampleModules {
  static final Path DIRECTORY = Path.of("..", "examples", "udfs", "jobs");
  static final Path WORDCOUNT = module("wordcount");
  static final Path INVERTED_INDEX = module("inverted_index");
  static final Path LOGS = module("logs");
  static final Path FAULTS = module("faults");

  private ExampleModules() {}

  private static Path module(String name) {
    Path path = DIRECTORY.resolve(name + ".wasm").toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw new IllegalStateException(path + " is missing: run make -C examples/udfs");
    }
    return path;
  }
}
