package io.sluice.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The committed wasm corpus of {@code examples/udfs}: the example functions and the hostile set,
 * loaded from this module's classpath.
 *
 * <p>Modules are named as in {@code examples/udfs/modules.txt}: {@code module("strings")} is {@code
 * udfs/strings.wasm}, {@code hostile("infinite_loop")} is {@code udfs/hostile/infinite_loop.wasm}.
 * Other modules' tests depend on {@code sluice-examples} in test scope to run them; this class
 * therefore depends on nothing but the JDK.
 */
public final class ExampleUdfs {
  /** Where the corpus lives on the classpath. */
  public static final String RESOURCE_ROOT = "/io/sluice/examples/udfs/";

  private static final String HOSTILE_PREFIX = "hostile/";

  /** Module path (as in modules.txt) to the problems a checker must find in it; empty if none. */
  private static final Map<String, Set<String>> MANIFEST = readManifest();

  private ExampleUdfs() {}

  /**
   * Returns the bytes of an example module.
   *
   * @param name the module's name, e.g. {@code "geo"} or {@code "strings"}
   * @return a fresh copy of the module's bytes
   * @throws IllegalArgumentException if there is no such example module
   */
  public static byte[] module(String name) {
    return load(requireListed(name, modules()));
  }

  /**
   * Returns the bytes of a module of the hostile set.
   *
   * @param name the module's name without the {@code hostile/} prefix, e.g. {@code "infinite_loop"}
   * @return a fresh copy of the module's bytes
   * @throws IllegalArgumentException if there is no such hostile module
   */
  public static byte[] hostile(String name) {
    return load(HOSTILE_PREFIX + requireListed(name, hostileModules()));
  }

  /**
   * Lists the example modules.
   *
   * @return their names, in the manifest's order
   */
  public static List<String> modules() {
    List<String> names = new ArrayList<>();
    for (String path : MANIFEST.keySet()) {
      if (!path.startsWith(HOSTILE_PREFIX)) {
        names.add(path);
      }
    }
    return List.copyOf(names);
  }

  /**
   * Lists the modules of the hostile set.
   *
   * @return their names without the {@code hostile/} prefix, in the manifest's order
   */
  public static List<String> hostileModules() {
    List<String> names = new ArrayList<>();
    for (String path : MANIFEST.keySet()) {
      if (path.startsWith(HOSTILE_PREFIX)) {
        names.add(path.substring(HOSTILE_PREFIX.length()));
      }
    }
    return List.copyOf(names);
  }

  /**
   * Says what is wrong with a hostile module before it runs, as {@code tools/check_wasm.py} names
   * it: {@code not-wasm}, {@code missing-abi-export}, {@code abi-v2-only}, {@code bad-descriptor},
   * {@code missing-export}, {@code wrong-signature}, {@code forbidden-import} or {@code
   * wrong-import-signature}. A host must refuse such a module at load time. Modules whose defects
   * only show when they run (traps, loops, bad results) have none.
   *
   * @param name the hostile module's name
   * @return the load-time problems, empty if the module is well-formed
   * @throws IllegalArgumentException if there is no such hostile module
   */
  public static Set<String> loadTimeProblems(String name) {
    return MANIFEST.get(HOSTILE_PREFIX + requireListed(name, hostileModules()));
  }

  private static String requireListed(String name, List<String> names) {
    Objects.requireNonNull(name, "name");
    if (!names.contains(name)) {
      throw new IllegalArgumentException("no module " + name + " in the corpus; known: " + names);
    }
    return name;
  }

  private static byte[] load(String path) {
    try (InputStream in = open(path + ".wasm")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE_ROOT + path + ".wasm", e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = ExampleUdfs.class.getResourceAsStream(RESOURCE_ROOT + resource);
    if (in == null) {
      throw new IllegalStateException(
          RESOURCE_ROOT + resource + " is not on the classpath; is sluice-examples built?");
    }
    return in;
  }

  /** Reads modules.txt: "module build expectation" lines, '#' starting a comment. */
  private static Map<String, Set<String>> readManifest() {
    Map<String, Set<String>> manifest = new LinkedHashMap<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open("modules.txt"), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int comment = line.indexOf('#');
        String content = (comment < 0 ? line : line.substring(0, comment)).strip();
        if (content.isEmpty()) {
          continue;
        }
        String[] fields = content.split("\\s+");
        if (fields.length != 3) {
          throw new IllegalStateException("modules.txt: expected 3 fields in: " + line);
        }
        Set<String> problems =
            fields[2].equals("ok") ? Set.of() : Set.copyOf(Arrays.asList(fields[2].split(",")));
        manifest.put(fields[0], problems);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE_ROOT + "modules.txt", e);
    }
    return manifest;
  }
}
