package io.sluice.wasidata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes small wasm binaries by hand, section by section, for tests that need a module no compiler
 * would produce (several custom sections of one name, hostile exports) or must run without clang.
 */
final class WasmBinary {
  static final int I32 = 0x7f;
  static final int I64 = 0x7e;
  static final int F32 = 0x7d;
  static final int F64 = 0x7c;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  WasmBinary() {
    out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
  }

  /** Appends a section with the given id and already-encoded content. */
  WasmBinary section(int id, byte[] content) {
    out.write(id);
    out.writeBytes(uleb(content.length));
    out.writeBytes(content);
    return this;
  }

  /** Appends a custom section. */
  WasmBinary custom(String name, byte[] content) {
    return section(0, concat(name(name), content));
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  static byte[] uleb(long value) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    do {
      int bits = (int) (value & 0x7f);
      value >>>= 7;
      b.write(value != 0 ? bits | 0x80 : bits);
    } while (value != 0);
    return b.toByteArray();
  }

  static byte[] sleb(long value) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    boolean more = true;
    while (more) {
      int bits = (int) (value & 0x7f);
      value >>= 7;
      more = !((value == 0 && (bits & 0x40) == 0) || (value == -1 && (bits & 0x40) != 0));
      b.write(more ? bits | 0x80 : bits);
    }
    return b.toByteArray();
  }

  static byte[] name(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    return concat(uleb(utf8.length), utf8);
  }

  /** A vector: its element count, then the elements. */
  static byte[] vec(byte[]... elements) {
    return concat(uleb(elements.length), concat(elements));
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
