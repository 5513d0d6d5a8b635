package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every module of the corpus, as Chicory parses it: the exports the ABI requires, the descriptor
 * section, and JVM compilation without the interpreter (but for huge_function).
 */
class CorpusTest {
  static Stream<String> wellFormed() {
    return Stream.concat(
        ExampleUdfs.modules().stream(),
        ExampleUdfs.hostileModules().stream()
            .filter(name -> !ExampleUdfs.loadTimeProblems(name).contains("not-wasm"))
            .map(name -> "hostile/" + name));
  }

  private static byte[] bytes(String path) {
    return path.startsWith("hostile/")
        ? ExampleUdfs.hostile(path.substring("hostile/".length()))
        : ExampleUdfs.module(path);
  }

  private static Set<String> exports(WasmModule module) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      names.add(module.exportSection().getExport(i).name());
    }
    return names;
  }

  /** The descriptor lines, comments and blanks dropped. */
  static List<String> descriptors(WasmModule module) {
    CustomSection section = module.customSection("sluice_v1.functions");
    String text = new String(((UnknownCustomSection) section).bytes(), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        lines.add(line);
      }
    }
    return lines;
  }

  @ParameterizedTest
  @MethodSource("wellFormed")
  void parsesWithItsExportsAndDescriptors(String path) {
    WasmModule module = Parser.parse(bytes(path));
    Set<String> exports = exports(module);
    Set<String> problems =
        path.startsWith("hostile/")
            ? ExampleUdfs.loadTimeProblems(path.substring("hostile/".length()))
            : Set.of();
    assertTrue(exports.contains("memory"), path);
    assertTrue(exports.contains("sluice_alloc") && exports.contains("sluice_free"), path);
    assertEquals(
        !problems.contains("missing-abi-export") && !problems.contains("abi-v2-only"),
        exports.contains("sluice_abi_v1"),
        path);
    assertTrue(module.customSection("sluice_v1.functions") instanceof UnknownCustomSection, path);
    assertTrue(!descriptors(module).isEmpty(), path);
    if (path.startsWith("hostile/")) {
      String text =
          new String(
              ((UnknownCustomSection) module.customSection("sluice_v1.functions")).bytes(),
              StandardCharsets.UTF_8);
      assertTrue(text.startsWith("# hostile: "), path + " says what it is: " + text);
    }
  }

  @ParameterizedTest
  @MethodSource("wellFormed")
  void compilesToJvmBytecodeWithoutTheInterpreter(String path) {
    if (path.equals("hostile/huge_function")) {
      return; // HugeFunctionTest: it is the one that cannot
    }
    WasmModule module = Parser.parse(bytes(path));
    MachineFactoryCompiler.builder(module)
        .withInterpreterFallback(InterpreterFallback.FAIL)
        .compile();
  }

  @ParameterizedTest
  @MethodSource("io.sluice.examples.ExampleUdfsTest#exampleModules")
  void examplesExportWhatTheyDescribe(String name) {
    WasmModule module = Parser.parse(ExampleUdfs.module(name));
    Set<String> exports = exports(module);
    for (String line : descriptors(module)) {
      String export = line.substring(line.lastIndexOf(" EXPORT ") + " EXPORT ".length());
      if (line.startsWith("AGGREGATE ")) {
        for (String suffix :
            List.of("init", "update", "merge", "serialize", "deserialize", "finish", "destroy")) {
          assertTrue(exports.contains(export + "_" + suffix), line);
        }
      } else {
        assertTrue(exports.contains(export), line);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("io.sluice.examples.ExampleUdfsTest#exampleModules")
  void examplesDescribeTheDocumentedFunctions(String name) {
    Set<String> described =
        descriptors(Parser.parse(ExampleUdfs.module(name))).stream()
            .map(line -> line.substring(line.indexOf(' ') + 1, line.indexOf('(')))
            .collect(Collectors.toSet());
    Set<String> documented =
        switch (name) {
          case "geo" -> Set.of("haversine", "haversine_batch", "add_one", "add_one_batch");
          case "strings" -> Set.of("url_host", "normalize", "reverse_utf8");
          case "predicates" -> Set.of("is_private_ip", "in_bbox");
          case "split" -> Set.of("split_words");
          case "sketches" -> Set.of("histogram", "top_k", "wsum");
          default -> described; // types: checked by TypesUdfTest, one by one
        };
    assertEquals(documented, described);
  }
}
