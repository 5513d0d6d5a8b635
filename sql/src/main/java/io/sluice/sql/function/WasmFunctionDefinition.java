package io.sluice.sql.function;

import io.sluice.udf.UdfLimits;
import io.sluice.udf.WasiGrant;
import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.FunctionDescriptors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A wasm function as the catalog stores it: its descriptor (kind, SQL signature, ABI, export), the
 * SHA-256 of its module (whose bytes are stored once per hash), its limits and where it came from.
 *
 * @param descriptor the function's descriptor; its name is the SQL name
 * @param moduleSha256 the module's content address
 * @param limits the sandbox limits of every call
 * @param source where the module was read from ({@code BASE64} when inline)
 * @param created when the function was created or last replaced
 * @param version increases with each CREATE OR REPLACE of the name
 */
public record WasmFunctionDefinition(
    FunctionDescriptor descriptor,
    String moduleSha256,
    UdfLimits limits,
    String source,
    Instant created,
    long version) {

  /** Format version of the stored form. */
  static final String FORMAT = "1";

  /**
   * @return the function's SQL name
   */
  public String name() {
    return descriptor.name();
  }

  /**
   * @return the stored form: a properties text, UTF-8
   */
  byte[] encode() {
    Properties p = new Properties();
    p.setProperty("format", FORMAT);
    p.setProperty("descriptor", descriptor.toString());
    p.setProperty("module", moduleSha256);
    p.setProperty("memory_bytes", Long.toString(limits.memoryBytes()));
    p.setProperty("timeout_millis", Long.toString(limits.callTimeout().toMillis()));
    p.setProperty("max_output_bytes", Long.toString(limits.maxOutputBytes()));
    p.setProperty("max_output_rows", Long.toString(limits.maxOutputRows()));
    Set<String> grants = new TreeSet<>();
    limits.grants().forEach(g -> grants.add(g.name().toLowerCase(Locale.ROOT)));
    p.setProperty("grants", String.join(",", grants));
    p.setProperty("source", source);
    p.setProperty("created", created.toString());
    p.setProperty("version", Long.toString(version));
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), null);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param name the key the definition was stored under, for error messages
   * @param bytes the stored form
   * @return the definition
   * @throws IllegalStateException naming the function when the stored form is unreadable
   */
  static WasmFunctionDefinition decode(String name, byte[] bytes) {
    try {
      Properties p = new Properties();
      p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
      if (!FORMAT.equals(p.getProperty("format"))) {
        throw new IllegalStateException("unknown format " + p.getProperty("format"));
      }
      List<FunctionDescriptor> parsed = FunctionDescriptors.parse(p.getProperty("descriptor"));
      Set<WasiGrant> grants = EnumSet.noneOf(WasiGrant.class);
      for (String grant : p.getProperty("grants", "").split(",")) {
        if (!grant.isBlank()) {
          grants.add(WasiGrant.valueOf(grant.strip().toUpperCase(Locale.ROOT)));
        }
      }
      UdfLimits limits =
          UdfLimits.builder()
              .memoryBytes(Long.parseLong(p.getProperty("memory_bytes")))
              .callTimeout(Duration.ofMillis(Long.parseLong(p.getProperty("timeout_millis"))))
              .maxOutputBytes(Long.parseLong(p.getProperty("max_output_bytes")))
              .maxOutputRows(Long.parseLong(p.getProperty("max_output_rows")))
              .grants(grants)
              .build();
      return new WasmFunctionDefinition(
          parsed.get(0),
          p.getProperty("module"),
          limits,
          p.getProperty("source"),
          Instant.parse(p.getProperty("created")),
          Long.parseLong(p.getProperty("version", "1")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the stored definition of function " + name + " is unreadable: " + e.getMessage(), e);
    }
  }
}
