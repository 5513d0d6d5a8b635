package io.sluice.sql.function;

/** Pins of function versions held by running queries. */
final class Pins {
  private Pins() {}

  /**
   * @param version a version
   * @return a pin that releases the version when closed
   * @throws IllegalStateException when the version was already closed
   */
  static AutoCloseable pin(WasmFunctionVersion version) {
    if (!version.retain()) {
      throw new IllegalStateException(
          "function "
              + version.name()
              + " was replaced or dropped after this statement was prepared; prepare it again");
    }
    return version::release;
  }
}
