package io.sluice.wasidata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Regressions of the C guest SDK (abi/v1/sluice.c), run through the codec guest. */
class SdkTest {

  /**
   * A DECIMAL builder for 2^28 rows needs 2^32 bytes: on wasm32 that size wrapped to 0, malloc
   * handed out a tiny block and appends wrote past it. It must fail as out of memory instead.
   */
  @Test
  void builderSizesBeyondTheAddressSpaceFail() {
    Guest guest = TestGuests.codec(false);
    long status = guest.instance().export("builder_for_rows").apply(AbiV1.DECIMAL, 1L << 28)[0];
    assertEquals(AbiV1.ERROR, status);
    assertEquals(
        "out of memory allocating an output of 268435456 rows", guest.imports().errorMessage());
    assertEquals(
        AbiV1.OK, guest.instance().export("builder_for_rows").apply(AbiV1.DECIMAL, 1000)[0]);
  }
}
