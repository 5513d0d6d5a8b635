package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The corpus loader against the committed files in examples/udfs. */
class ExampleUdfsTest {
  private static final Path UDFS = Path.of("udfs");

  static Stream<String> exampleModules() {
    return ExampleUdfs.modules().stream();
  }

  @Test
  void listsTheExamplesAndTheHostileSet() {
    assertEquals(
        List.of(
            "geo",
            "strings",
            "predicates",
            "split",
            "sketches",
            "types",
            "jobs/wordcount",
            "jobs/inverted_index",
            "jobs/logs",
            "jobs/faults"),
        ExampleUdfs.modules());
    assertEquals(28 - 6, ExampleUdfs.hostileModules().size());
    assertEquals(true, ExampleUdfs.hostileModules().contains("infinite_loop"));
  }

  @Test
  void everyCommittedWasmFileIsListedAndLoadsAsIs() throws IOException {
    Set<String> committed;
    try (Stream<Path> files = Files.walk(UDFS)) {
      committed =
          files
              .filter(p -> p.toString().endsWith(".wasm") && !p.startsWith(UDFS.resolve("build")))
              .map(p -> UDFS.relativize(p).toString().replace('\\', '/').replace(".wasm", ""))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> listed = new TreeSet<>(ExampleUdfs.modules());
    ExampleUdfs.hostileModules().forEach(name -> listed.add("hostile/" + name));
    assertEquals(committed, listed);
    for (String name : ExampleUdfs.modules()) {
      assertArrayEquals(Files.readAllBytes(UDFS.resolve(name + ".wasm")), ExampleUdfs.module(name));
    }
    for (String name : ExampleUdfs.hostileModules()) {
      assertArrayEquals(
          Files.readAllBytes(UDFS.resolve("hostile/" + name + ".wasm")), ExampleUdfs.hostile(name));
    }
  }

  @Test
  void returnsAFreshCopyEachTime() {
    assertNotSame(ExampleUdfs.module("geo"), ExampleUdfs.module("geo"));
  }

  @Test
  void refusesUnknownNames() {
    assertThrows(IllegalArgumentException.class, () -> ExampleUdfs.module("nope"));
    assertThrows(IllegalArgumentException.class, () -> ExampleUdfs.module("hostile/infinite_loop"));
    assertThrows(IllegalArgumentException.class, () -> ExampleUdfs.hostile("geo"));
    assertThrows(NullPointerException.class, () -> ExampleUdfs.module(null));
  }

  @Test
  void saysWhichHostileModulesAHostMustRefuseAtLoadTime() {
    assertEquals(Set.of("forbidden-import"), ExampleUdfs.loadTimeProblems("forbidden_import"));
    assertEquals(Set.of("not-wasm"), ExampleUdfs.loadTimeProblems("malformed"));
    assertEquals(Set.of(), ExampleUdfs.loadTimeProblems("infinite_loop"));
    assertEquals(
        List.of(
            "forbidden_import",
            "wrong_import_signature",
            "no_abi_export",
            "abi_v2_only",
            "bad_descriptor",
            "missing_export",
            "wrong_signature",
            "malformed",
            "truncated"),
        ExampleUdfs.hostileModules().stream()
            .filter(name -> !ExampleUdfs.loadTimeProblems(name).isEmpty())
            .collect(Collectors.toList()));
  }
}
