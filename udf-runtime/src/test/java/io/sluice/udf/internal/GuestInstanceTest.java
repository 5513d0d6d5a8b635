package io.sluice.udf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import io.sluice.udf.AbiModule;
import io.sluice.udf.UdfLimits;
import io.sluice.udf.WasmBuilder;
import io.sluice.wasidata.CallMetrics;
import io.sluice.wasidata.GuestMemory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reset instance reads back exactly as it was after initialization, whatever a query did. */
class GuestInstanceTest {

  private final Watchdog watchdog = new Watchdog();

  @AfterEach
  void stop() {
    watchdog.close();
  }

  private GuestInstance create() {
    AbiModule module = new AbiModule();
    module.data(1100, "static data".getBytes(StandardCharsets.UTF_8));
    module.function("f", AbiModule.I32_I32, List.of(), new WasmBuilder.Code().localGet(0));
    CodeRegistry.LoadedCode code =
        new CodeRegistry(new ModuleCompiler(null)).load(module.build(), false);
    return new InstanceFactory(
            code,
            UdfLimits.defaults(),
            new Environment(Clock.systemUTC(), new Random(), watchdog),
            CallMetrics.NONE)
        .create();
  }

  @Test
  void resetRestoresMemoryGlobalsAndSize() {
    GuestInstance instance = create();
    GuestMemory memory = instance.guest().memory();
    Instance chicory = instance.guest().instance();
    byte[] before = memory.readBytes(0, (int) memory.byteSize());
    long heapGlobal = chicory.global(0).getValue();

    byte[] secret = "query A's secret".getBytes(StandardCharsets.UTF_8);
    memory.write(AbiModule.HEAP_START, secret);
    memory.write(1100, secret);
    chicory.global(0).setValue(123456);
    memory.grow(40);
    memory.write((int) memory.byteSize() - secret.length, secret);

    assertTrue(instance.reset());

    assertEquals(before.length, memory.byteSize(), "the grown pages are gone");
    assertArrayEquals(before, memory.readBytes(0, (int) memory.byteSize()));
    assertEquals(heapGlobal, chicory.global(0).getValue());
  }

  @Test
  void resetClearsTheLog() {
    GuestInstance instance = create();
    byte[] text = "a query's log".getBytes(StandardCharsets.UTF_8);
    instance.guest().imports().log().append(text, 0, text.length);
    instance.reset();
    assertEquals("", instance.guest().imports().log().tail(4096));
  }
}
