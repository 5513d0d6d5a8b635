package io.sluice.udf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.types.ValType;
import io.sluice.udf.AbiModule;
import io.sluice.udf.UdfLimits;
import io.sluice.udf.WasmBuilder;
import io.sluice.wasidata.CallMetrics;
import io.sluice.wasidata.GuestMemory;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bulk-memory instructions clang emits for memmove/memset behave as the spec says on the pinned
 * Chicory, compiled and interpreted, on our GuestMemory: an overlapping {@code memory.copy} copies
 * as if through a buffer, in both directions and across page boundaries.
 */
class MemoryCopyTest {

  private static final int PAGE = 65536;
  private final Watchdog watchdog = new Watchdog();

  @AfterEach
  void stop() {
    watchdog.close();
  }

  private GuestInstance instance(boolean interpreted) {
    AbiModule module = new AbiModule(4);
    List<ValType> three = List.of(ValType.I32, ValType.I32, ValType.I32);
    module.function(
        "copy",
        WasmBuilder.type(three, List.of()),
        List.of(),
        new WasmBuilder.Code().localGet(0).localGet(1).localGet(2).memoryCopy());
    module.function(
        "fill",
        WasmBuilder.type(three, List.of()),
        List.of(),
        new WasmBuilder.Code().localGet(0).localGet(1).localGet(2).memoryFill());
    CodeRegistry.LoadedCode code =
        new CodeRegistry(new ModuleCompiler(null)).load(module.build(), interpreted);
    return new InstanceFactory(
            code,
            UdfLimits.defaults(),
            new Environment(Clock.systemUTC(), new Random(), watchdog),
            CallMetrics.NONE)
        .create();
  }

  @ParameterizedTest(name = "interpreted={0}")
  @ValueSource(booleans = {false, true})
  void overlappingCopiesBehaveLikeMemmove(boolean interpreted) {
    GuestInstance instance = instance(interpreted);
    GuestMemory memory = instance.guest().memory();
    ExportFunction copy = instance.guest().instance().export("copy");
    int[][] cases = {
      {1000, 1001, 300}, // forward by one byte
      {1001, 1000, 300}, // backward by one byte
      {PAGE - 100, PAGE - 50, 400}, // forward across a page boundary
      {PAGE - 50, PAGE - 100, 400}, // backward across a page boundary
      {2 * PAGE - 7, PAGE - 3, PAGE + 20}, // spans three pages, overlapping
      {3000, 3000, 500}, // onto itself
      {5000, 6000, 0} // nothing
    };
    Random random = new Random(17);
    for (int[] c : cases) {
      byte[] image = new byte[4 * PAGE];
      random.nextBytes(image);
      memory.write(0, image);
      System.arraycopy(image, c[1], image, c[0], c[2]); // Java's arraycopy is a memmove
      copy.apply(c[0], c[1], c[2]);
      assertArrayEquals(image, memory.readBytes(0, 4 * PAGE), java.util.Arrays.toString(c));
    }
  }

  @ParameterizedTest(name = "interpreted={0}")
  @ValueSource(booleans = {false, true})
  void fillCoversPagesPartlyAndWholly(boolean interpreted) {
    GuestInstance instance = instance(interpreted);
    GuestMemory memory = instance.guest().memory();
    ExportFunction fill = instance.guest().instance().export("fill");
    byte[] image = new byte[4 * PAGE];
    new Random(3).nextBytes(image);
    memory.write(0, image);
    fill.apply(PAGE - 10, 0xAB, 2 * PAGE + 20);
    java.util.Arrays.fill(image, PAGE - 10, 3 * PAGE + 10, (byte) 0xAB);
    fill.apply(PAGE / 2, 0, PAGE);
    java.util.Arrays.fill(image, PAGE / 2, PAGE / 2 + PAGE, (byte) 0);
    assertArrayEquals(image, memory.readBytes(0, 4 * PAGE));
  }
}
