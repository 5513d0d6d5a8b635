package io.sluice.wasidata;

import static com.dylibso.chicory.runtime.Memory.PAGE_SIZE;
import static io.sluice.wasidata.WasmBinary.I32;
import static io.sluice.wasidata.WasmBinary.I64;
import static io.sluice.wasidata.WasmBinary.bytes;
import static io.sluice.wasidata.WasmBinary.concat;
import static io.sluice.wasidata.WasmBinary.name;
import static io.sluice.wasidata.WasmBinary.sleb;
import static io.sluice.wasidata.WasmBinary.uleb;
import static io.sluice.wasidata.WasmBinary.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs a hand-assembled module (no compiler needed) on GuestMemory through Chicory, both
 * interpreted and compiled to JVM bytecode: loads and stores across pages, memory.copy with
 * overlaps, memory.fill, memory.grow, data segments, memory.init and data.drop.
 */
class GuestMemoryInChicoryTest {
  private static final byte[] ACTIVE = "active segment".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PASSIVE = "passive segment!".getBytes(StandardCharsets.UTF_8);
  private static final int ACTIVE_AT = PAGE_SIZE - 4; // straddles the first page boundary

  /**
   * Exports: store64(a, v), load64(a), copy(d, s, n), fill(d, v, n), init(d, o, n), grow(n),
   * size(), drop().
   */
  static byte[] memoryOpsModule(int initialPages, int maxPages) {
    byte[] types =
        vec(
            functype(bytes(I32, I64), bytes()), // 0 store64
            functype(bytes(I32), bytes(I64)), // 1 load64
            functype(bytes(I32, I32, I32), bytes()), // 2 copy, fill, init
            functype(bytes(I32), bytes(I32)), // 3 grow
            functype(bytes(), bytes(I32)), // 4 size
            functype(bytes(), bytes())); // 5 drop
    byte[] functions = vec(uleb(0), uleb(1), uleb(2), uleb(2), uleb(2), uleb(3), uleb(4), uleb(5));
    byte[] memory = vec(concat(bytes(0x01), uleb(initialPages), uleb(maxPages)));
    String[] names = {"store64", "load64", "copy", "fill", "init", "grow", "size", "drop"};
    byte[][] exports = new byte[names.length + 1][];
    for (int i = 0; i < names.length; i++) {
      exports[i] = concat(name(names[i]), bytes(0x00), uleb(i));
    }
    exports[names.length] = concat(name("memory"), bytes(0x02), uleb(0));
    byte[] code =
        vec(
            body(bytes(0x20, 0, 0x20, 1, 0x37, 3, 0)), // i64.store align=8 offset=0
            body(bytes(0x20, 0, 0x29, 3, 0)), // i64.load
            body(bytes(0x20, 0, 0x20, 1, 0x20, 2, 0xfc, 0x0a, 0, 0)), // memory.copy
            body(bytes(0x20, 0, 0x20, 1, 0x20, 2, 0xfc, 0x0b, 0)), // memory.fill
            body(bytes(0x20, 0, 0x20, 1, 0x20, 2, 0xfc, 0x08, 1, 0)), // memory.init segment 1
            body(bytes(0x20, 0, 0x40, 0)), // memory.grow
            body(bytes(0x3f, 0)), // memory.size
            body(bytes(0xfc, 0x09, 1))); // data.drop segment 1
    byte[] data =
        vec(
            concat(bytes(0x00, 0x41), sleb(ACTIVE_AT), bytes(0x0b), uleb(ACTIVE.length), ACTIVE),
            concat(bytes(0x01), uleb(PASSIVE.length), PASSIVE));
    return new WasmBinary()
        .section(1, types)
        .section(3, functions)
        .section(5, memory)
        .section(7, vec(exports))
        .section(12, uleb(2))
        .section(10, code)
        .section(11, data)
        .bytes();
  }

  private static byte[] functype(byte[] params, byte[] results) {
    return concat(bytes(0x60), uleb(params.length), params, uleb(results.length), results);
  }

  private static byte[] body(byte[] instructions) {
    byte[] b = concat(uleb(0), instructions, bytes(0x0b));
    return concat(uleb(b.length), b);
  }

  static Instance instantiate(WasmModule module, boolean compiled) {
    Instance.Builder b = Instance.builder(module).withMemoryFactory(GuestMemory::new);
    if (compiled) {
      b.withMachineFactory(MachineFactoryCompiler.compile(module));
    }
    return b.build();
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void storesLoadsAndSegmentsWork(boolean compiled) {
    Instance instance = instantiate(Parser.parse(memoryOpsModule(2, 4)), compiled);
    GuestMemory memory = assertInstanceOf(GuestMemory.class, instance.memory());
    assertArrayEquals(ACTIVE, memory.readBytes(ACTIVE_AT, ACTIVE.length));

    for (int addr : new int[] {0, PAGE_SIZE - 8, PAGE_SIZE - 3, 2 * PAGE_SIZE - 8}) {
      instance.export("store64").apply(addr, 0x1122334455667788L);
      assertEquals(0x1122334455667788L, instance.export("load64").apply(addr)[0]);
      assertEquals(0x1122334455667788L, memory.readLong(addr));
    }
    for (int addr : new int[] {2 * PAGE_SIZE - 7, 2 * PAGE_SIZE, -8}) {
      WasmRuntimeException e =
          assertThrows(
              WasmRuntimeException.class, () -> instance.export("store64").apply(addr, 1L));
      assertTrue(e.getMessage().startsWith("out of bounds memory access"), e.getMessage());
      assertThrows(WasmRuntimeException.class, () -> instance.export("load64").apply(addr));
    }

    instance.export("init").apply(100, 8, 8); // "segment!"
    assertEquals("segment!", memory.readString(100, 8));
    assertThrows(WasmRuntimeException.class, () -> instance.export("init").apply(100, 10, 8));
    instance.export("drop").apply();
    assertThrows(WasmRuntimeException.class, () -> instance.export("init").apply(100, 0, 1));
    instance.export("init").apply(100, 0, 0); // a dropped segment still allows zero bytes

    assertEquals(2, instance.export("size").apply()[0]);
    assertEquals(2, instance.export("grow").apply(2)[0]);
    assertEquals(-1, (int) instance.export("grow").apply(1)[0]);
    instance.export("store64").apply(4 * PAGE_SIZE - 8, 7L);
    assertEquals(7L, memory.readLong(4 * PAGE_SIZE - 8));
  }

  /** memory.copy through the guest, with overlaps in both directions, checked against memmove. */
  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void guestMemoryCopyIsMemmove(boolean compiled) {
    Instance instance = instantiate(Parser.parse(memoryOpsModule(4, 4)), compiled);
    GuestMemory memory = (GuestMemory) instance.memory();
    Random random = new Random(11);
    byte[] model = GuestMemoryTest.randomBytes(4 * PAGE_SIZE, 5);
    memory.write(0, model);
    for (int round = 0; round < 200; round++) {
      int size = random.nextInt(round % 10 == 0 ? 2 * PAGE_SIZE : 300);
      int src = random.nextInt(4 * PAGE_SIZE - size + 1);
      int dest = Math.floorMod(src + random.nextInt(2 * size + 3) - size - 1, 4 * PAGE_SIZE - size);
      instance.export("copy").apply(dest, src, size);
      System.arraycopy(model, src, model, dest, size);
    }
    assertArrayEquals(model, memory.readBytes(0, model.length));
    instance.export("fill").apply(PAGE_SIZE - 10, 0xAB, PAGE_SIZE + 20);
    for (int i = PAGE_SIZE - 10; i < 2 * PAGE_SIZE + 10; i++) {
      model[i] = (byte) 0xAB;
    }
    assertArrayEquals(model, memory.readBytes(0, model.length));
    assertThrows(
        WasmRuntimeException.class, () -> instance.export("copy").apply(0, 4 * PAGE_SIZE - 1, 2));
    assertThrows(
        WasmRuntimeException.class, () -> instance.export("fill").apply(4 * PAGE_SIZE - 1, 0, 2));
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void snapshotAndRestoreResetTheGuestsView(boolean compiled) {
    Instance instance = instantiate(Parser.parse(memoryOpsModule(2, 8)), compiled);
    GuestMemory memory = (GuestMemory) instance.memory();
    GuestMemory.Snapshot initialized = memory.snapshot();
    instance.export("store64").apply(16, -1L);
    instance.export("grow").apply(3);
    instance.export("drop").apply();
    memory.restore(initialized);
    assertEquals(2, instance.export("size").apply()[0]);
    assertEquals(0L, instance.export("load64").apply(16)[0]);
    assertArrayEquals(ACTIVE, memory.readBytes(ACTIVE_AT, ACTIVE.length));
    instance.export("init").apply(0, 0, 7); // the passive segment is back too
    assertEquals("passive", memory.readString(0, 7));
  }

  @ParameterizedTest(name = "compiled={0}")
  @ValueSource(booleans = {false, true})
  void aSegmentOutsideMemoryFailsInstantiation(boolean compiled) {
    // one page only: the active segment at PAGE_SIZE - 4 does not fit
    WasmModule module = Parser.parse(memoryOpsModule(1, 1));
    UninstantiableException e =
        assertThrows(UninstantiableException.class, () -> instantiate(module, compiled));
    assertTrue(e.getMessage().startsWith("out of bounds memory access"), e.getMessage());
  }
}
