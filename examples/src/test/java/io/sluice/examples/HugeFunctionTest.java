package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.junit.jupiter.api.Test;

/**
 * hostile/huge_function is too big for one JVM method: Chicory 1.7.5's compiler must hand it to the
 * interpreter, which must still compute it right.
 */
class HugeFunctionTest {
  // tools/gen_huge_function.py's constants.
  private static final int ROUNDS = 6000;
  private static final long SEED = 0x5EED_F00D_CAFE_D00DL;

  @Test
  void theCompilerRefusesItWhenFallbackIsForbidden() {
    WasmModule module = Parser.parse(ExampleUdfs.hostile("huge_function"));
    ChicoryException e =
        assertThrows(
            ChicoryException.class,
            () ->
                MachineFactoryCompiler.builder(module)
                    .withInterpreterFallback(InterpreterFallback.FAIL)
                    .compile());
    assertTrue(e.getMessage().contains("exceeds the Java method size limits"), e.getMessage());
    assertTrue(e.getMessage().contains("huge_function"), e.getMessage());
  }

  @Test
  void theInterpreterComputesIt() {
    try (TestHost host = TestHost.hostile("huge_function")) {
      for (long seed : new long[] {0, 1, -1, 0x0123_4567_89AB_CDEFL}) {
        assertEquals(expected(seed), host.row("huge_function", seed));
      }
    }
  }

  /** The generator's function, round for round. */
  private static long expected(long seed) {
    long x = seed;
    long state = SEED;
    for (int i = 0; i < ROUNDS; i++) {
      state += 0x9E37_79B9_7F4A_7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
      z ^= z >>> 31;
      int shift = 7 + (int) Long.remainderUnsigned(z, 25);
      x ^= x >>> shift;
      x *= z | 1;
    }
    return x;
  }
}
