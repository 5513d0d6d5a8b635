package io.sluice.wasidata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks that {@link AbiV1} agrees with the header {@code abi/v1/sluice.h}, number by number. */
class AbiV1Test {
  private static final Path ABI_DIR = Path.of(System.getProperty("user.dir")).resolve("abi/v1");

  private static final Pattern DEFINE =
      Pattern.compile("^#define\\s+([A-Z_][A-Z0-9_]*)(?:\\s+(.*?))?\\s*(?:/\\*.*)?$");
  private static final Pattern STATIC_ASSERT =
      Pattern.compile(
          "_Static_assert\\((?:offsetof\\(struct (\\w+), (\\w+)\\)|sizeof\\(struct (\\w+)\\))"
              + " == (\\d+)");
  private static final Map<String, String> STRUCT_PREFIX =
      Map.of("ArrowSchema", "SCHEMA_", "ArrowArray", "ARRAY_", "sluice_guest_info", "GUEST_INFO_");

  @Test
  void everyObjectLikeDefineOfTheHeaderHasAnEqualJavaConstant() throws IOException {
    Map<String, Object> defines = headerDefines();
    assertTrue(defines.size() >= 25, "found only " + defines.keySet() + " in the header");
    List<String> problems = new ArrayList<>();
    defines.forEach(
        (name, value) -> {
          String javaName = name.startsWith("SLUICE_") ? name.substring(7) : name;
          Object java = constant(javaName);
          if (java == null) {
            problems.add(name + " has no AbiV1." + javaName);
          } else if (!java.equals(value)) {
            problems.add(name + " is " + value + " but AbiV1." + javaName + " is " + java);
          }
        });
    assertEquals(List.of(), problems);
  }

  @Test
  void structOffsetsInTheHeaderCommentsMatchJava() throws IOException {
    Map<String, Integer> documented = documentedOffsets();
    assertEquals(javaOffsets(), documented);
  }

  @Test
  void staticAssertsOfTheHeaderCoverEveryOffsetAndMatchJava() throws IOException {
    Map<String, Integer> asserted = new TreeMap<>();
    Matcher m = STATIC_ASSERT.matcher(header());
    while (m.find()) {
      String struct = m.group(1) != null ? m.group(1) : m.group(3);
      String field = m.group(2) != null ? m.group(2) : "size";
      asserted.put(STRUCT_PREFIX.get(struct) + field.toUpperCase(Locale.ROOT), parse(m.group(4)));
    }
    assertEquals(javaOffsets(), asserted);
  }

  @Test
  void importAndExportNamesMatchTheSdk() throws IOException {
    String header = header();
    String sdk = Files.readString(ABI_DIR.resolve("sluice.c"), StandardCharsets.UTF_8);

    Set<String> imports = new TreeSet<>(matches("SLUICE_IMPORT\\(\"(\\w+)\"\\)", header));
    assertEquals(
        new TreeSet<>(List.of(AbiV1.IMPORT_ERROR, AbiV1.IMPORT_LOG, AbiV1.IMPORT_RETURN_NULL)),
        imports);
    assertTrue(header.contains("import_module(\"" + AbiV1.IMPORT_MODULE + "\")"));

    Set<String> exports = new TreeSet<>(matches("export_name\\(\"(\\w+)\"\\)", sdk));
    assertEquals(
        new TreeSet<>(
            List.of(AbiV1.EXPORT_ABI, AbiV1.EXPORT_ALLOC, AbiV1.EXPORT_FREE, AbiV1.EXPORT_RECLAIM)),
        exports);

    Set<String> suffixes = new TreeSet<>();
    for (String s : matches("SLUICE__AGG_EXPORT\\(name, (\\w+)\\)", header)) {
      suffixes.add("_" + s);
    }
    assertEquals(
        new TreeSet<>(
            List.of(
                AbiV1.AGGREGATE_INIT,
                AbiV1.AGGREGATE_UPDATE,
                AbiV1.AGGREGATE_MERGE,
                AbiV1.AGGREGATE_SERIALIZE,
                AbiV1.AGGREGATE_DESERIALIZE,
                AbiV1.AGGREGATE_FINISH,
                AbiV1.AGGREGATE_DESTROY)),
        suffixes);
  }

  /**
   * Where clang is installed, compiles the Java numbers as C static assertions against the header
   * for wasm32, so the real struct layout is checked, not only the header's text.
   */
  @Test
  void javaNumbersHoldForTheRealWasm32Layout(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("clang"), "clang is not installed; the text checks above still ran");
    StringBuilder c = new StringBuilder("#include \"sluice.h\"\n");
    javaOffsets()
        .forEach(
            (name, value) -> {
              String struct = structOf(name);
              String prefix = STRUCT_PREFIX.get(struct);
              String field = name.substring(prefix.length()).toLowerCase(Locale.ROOT);
              String expr =
                  field.equals("size")
                      ? "sizeof(struct " + struct + ")"
                      : "offsetof(struct " + struct + ", " + field + ")";
              c.append("_Static_assert(")
                  .append(expr)
                  .append(" == ")
                  .append(value)
                  .append(", \"")
                  .append(name)
                  .append("\");\n");
            });
    for (Map.Entry<String, Object> e : headerDefines().entrySet()) {
      if (e.getValue() instanceof Integer) {
        c.append("_Static_assert(")
            .append(e.getKey())
            .append(" == ")
            .append(e.getValue())
            .append(", \"")
            .append(e.getKey())
            .append("\");\n");
      }
    }
    Path source = dir.resolve("layout.c");
    Files.writeString(source, c.toString());
    Process clang =
        new ProcessBuilder(
                "clang",
                "--target=wasm32-wasi",
                "-fsyntax-only",
                "-I",
                ABI_DIR.toString(),
                source.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(clang.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(clang.waitFor(60, TimeUnit.SECONDS), "clang did not finish");
    assertEquals(0, clang.exitValue(), output);
  }

  private static String structOf(String javaName) {
    for (Map.Entry<String, String> e : STRUCT_PREFIX.entrySet()) {
      if (javaName.startsWith(e.getValue())) {
        return e.getKey();
      }
    }
    throw new AssertionError(javaName);
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static String header() throws IOException {
    return Files.readString(ABI_DIR.resolve("sluice.h"), StandardCharsets.UTF_8);
  }

  /** Object-like defines with an integer or string value (include guards and macros skipped). */
  private static Map<String, Object> headerDefines() throws IOException {
    Map<String, Object> defines = new TreeMap<>();
    for (String line : header().split("\n")) {
      Matcher m = DEFINE.matcher(line.strip());
      if (!m.matches() || m.group(2) == null || m.group(2).isEmpty()) {
        continue;
      }
      String value = m.group(2).strip();
      if (value.matches("-?\\d+")) {
        defines.put(m.group(1), parse(value));
      } else if (value.matches("\"[^\"]*\"")) {
        defines.put(m.group(1), value.substring(1, value.length() - 1));
      }
    }
    return defines;
  }

  /** The "Offsets: Struct field N, ..." sentences in the header's comments. */
  private static Map<String, Integer> documentedOffsets() throws IOException {
    StringBuilder comments = new StringBuilder();
    for (String line : header().split("\n")) {
      String t = line.strip();
      if (t.startsWith("*")) {
        comments.append(t.replaceFirst("^\\*+/?", "").strip()).append(' ');
      }
    }
    String text = comments.toString();
    Map<String, Integer> offsets = new TreeMap<>();
    Matcher sentence =
        Pattern.compile("(ArrowSchema|ArrowArray|wasm32:) ((?:\\w+ \\d+, )*size \\d+)")
            .matcher(text);
    while (sentence.find()) {
      String prefix =
          sentence.group(1).equals("wasm32:")
              ? "GUEST_INFO_"
              : STRUCT_PREFIX.get(sentence.group(1));
      for (String pair : sentence.group(2).split(", ")) {
        String[] fieldAndOffset = pair.split(" ");
        offsets.put(prefix + fieldAndOffset[0].toUpperCase(Locale.ROOT), parse(fieldAndOffset[1]));
      }
    }
    return offsets;
  }

  private static Map<String, Integer> javaOffsets() {
    Map<String, Integer> offsets = new TreeMap<>();
    for (Field f : AbiV1.class.getFields()) {
      String n = f.getName();
      boolean struct =
          n.startsWith("SCHEMA_") || n.startsWith("ARRAY_") || n.startsWith("GUEST_INFO_");
      if (struct && Modifier.isStatic(f.getModifiers())) {
        offsets.put(n, (Integer) constant(n));
      }
    }
    return offsets;
  }

  private static Object constant(String name) {
    try {
      return AbiV1.class.getField(name).get(null);
    } catch (NoSuchFieldException e) {
      return null;
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> matches(String regex, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static int parse(String digits) {
    return Integer.parseInt(digits);
  }
}
