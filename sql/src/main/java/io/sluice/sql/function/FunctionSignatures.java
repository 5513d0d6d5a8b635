package io.sluice.sql.function;

import io.sluice.wasidata.FunctionDescriptor;

/** Prints a function's SQL signature. */
public final class FunctionSignatures {
  private FunctionSignatures() {}

  /**
   * @param descriptor a function descriptor
   * @return {@code name(arg TYPE, ...) RETURNS TYPE}, or {@code RETURNS TABLE(col TYPE, ...)}
   */
  public static String of(FunctionDescriptor descriptor) {
    String line = descriptor.toString();
    int start = line.indexOf(' ') + 1;
    int end = line.indexOf(" ABI ");
    return end < 0 ? line.substring(start) : line.substring(start, end);
  }
}
