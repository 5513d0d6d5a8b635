package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds the whole corpus from its C sources with {@code make -C udfs check}, so a source that no
 * longer builds, or a module that lost an export, fails the build. Skipped where the wasm toolchain
 * (clang, lld, wasi-libc, make, python3) is missing; CI installs it.
 *
 * <p>With the clang the committed files were built with (Debian clang 14.0.6), the rebuilt bytes
 * must also equal the committed ones: a .c edited without rebuilding its .wasm fails here.
 */
class UdfSourcesBuildTest {
  private static final String COMMITTED_WITH = "Debian clang version 14.0.6";

  @Test
  void everyModuleRebuildsFromSource(@TempDir Path probe) throws Exception {
    String clang = toolchainOrSkip(probe);
    List<String> command = new ArrayList<>(List.of("make", "-s", "-C", "udfs", "check"));
    if (clang.startsWith(COMMITTED_WITH)) {
      command.add("STRICT=1");
    }
    Result check = run(command, 600);
    assertEquals(0, check.exit(), check.output());
    assertTrue(check.output().contains(" 0 failed"), check.output());
  }

  /** Returns clang's version line, or skips the test when no wasm32-wasi toolchain works. */
  private static String toolchainOrSkip(Path probe) throws InterruptedException {
    try {
      Result version = run(List.of("clang", "--version"), 30);
      assumeTrue(version.exit() == 0, "no clang");
      assumeTrue(run(List.of("make", "--version"), 30).exit() == 0, "no make");
      assumeTrue(run(List.of("python3", "--version"), 30).exit() == 0, "no python3");
      Path source = Files.writeString(probe.resolve("probe.c"), "#include <stdio.h>\nint x;\n");
      Result wasi =
          run(
              List.of(
                  "clang",
                  "--target=wasm32-wasi",
                  "-mexec-model=reactor",
                  source.toString(),
                  "-o",
                  probe.resolve("probe.wasm").toString()),
              60);
      assumeTrue(
          wasi.exit() == 0, "clang cannot build wasm32-wasi reactors here: " + wasi.output());
      return version.output().lines().findFirst().orElse("");
    } catch (IOException e) {
      assumeTrue(false, "toolchain not found: " + e.getMessage());
      throw new AssertionError(e);
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, String.join(" ", command) + " timed out");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
