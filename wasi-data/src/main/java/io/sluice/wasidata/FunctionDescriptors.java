package io.sluice.wasidata;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import io.sluice.wasidata.internal.DescriptorParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a module's self-description: the {@code sluice_v1.functions} custom section(s), one {@link
 * FunctionDescriptor} per line (ABI.md section 2).
 */
public final class FunctionDescriptors {
  private FunctionDescriptors() {}

  /**
   * @param text descriptor lines, {@code \n}-separated; blank lines and {@code #} comments skipped
   * @return the descriptors, in order
   * @throws DescriptorSyntaxException with the line and column of the first problem
   */
  public static List<FunctionDescriptor> parse(String text) {
    return DescriptorParser.parse(text);
  }

  /**
   * Reads every {@code sluice_v1.functions} section of a module's bytes, concatenated in the order
   * they appear (the ABI reads several sections of that name as one text).
   *
   * @param moduleBytes a wasm binary
   * @return the descriptors; empty when the module has no such section
   * @throws DescriptorSyntaxException when the text is not UTF-8 or does not parse
   * @throws com.dylibso.chicory.wasm.ChicoryException when the bytes are not a wasm module
   */
  public static List<FunctionDescriptor> read(byte[] moduleBytes) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Parser.builder()
        .includeSectionId(SectionId.CUSTOM)
        .build()
        .parse(
            new ByteArrayInputStream(moduleBytes),
            section -> {
              if (section instanceof UnknownCustomSection
                  && ((UnknownCustomSection) section).name().equals(AbiV1.FUNCTIONS_SECTION)) {
                text.writeBytes(((UnknownCustomSection) section).bytes());
              }
            });
    return parse(decode(text.toByteArray()));
  }

  /**
   * Reads the {@code sluice_v1.functions} section of a parsed module. Chicory's {@link
   * com.dylibso.chicory.wasm.WasmModule} keeps one custom section per name (the last one), so a
   * module with several sections of that name needs {@link #read(byte[])}; linkers merge them into
   * one, so compiled modules have one.
   *
   * @param module a parsed module
   * @return the descriptors; empty when the module has no such section
   * @throws DescriptorSyntaxException when the text is not UTF-8 or does not parse
   */
  public static List<FunctionDescriptor> read(com.dylibso.chicory.wasm.WasmModule module) {
    CustomSection section = module.customSection(AbiV1.FUNCTIONS_SECTION);
    if (!(section instanceof UnknownCustomSection)) {
      return List.of();
    }
    return parse(decode(((UnknownCustomSection) section).bytes()));
  }

  /** Strict UTF-8: a descriptor with a mangled byte must not silently change meaning. */
  private static String decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int at = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new DescriptorSyntaxException(
          line, at - lineStart + 1, "invalid UTF-8 in the " + AbiV1.FUNCTIONS_SECTION + " section");
    }
    decoder.flush(out);
    return out.flip().toString();
  }
}
