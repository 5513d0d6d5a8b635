package io.sluice.wasidata;

import static io.sluice.wasidata.WasmBinary.I32;
import static io.sluice.wasidata.WasmBinary.bytes;
import static io.sluice.wasidata.WasmBinary.concat;
import static io.sluice.wasidata.WasmBinary.name;
import static io.sluice.wasidata.WasmBinary.sleb;
import static io.sluice.wasidata.WasmBinary.uleb;
import static io.sluice.wasidata.WasmBinary.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hand-assembled modules that lie about themselves (guest info) or hand out bad staging blocks:
 * things no module built with the C SDK does, which the host must still catch.
 */
class HostileGuestTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private static final int INFO = 1024;
  private static final FunctionDescriptor F =
      FunctionDescriptor.builder(FunctionDescriptor.Kind.SCALAR, "f")
          .argument("v", SqlType.INT)
          .returns(SqlType.INT)
          .build();

  /**
   * One page of memory; sluice_abi_v1 returns {@code infoAt}, where a data segment holds the given
   * guest info; sluice_alloc always returns {@code allocResult}; f returns OK without filling its
   * output.
   */
  private static byte[] module(int version, int release, int infoAt, int allocResult) {
    byte[] types =
        vec(
            functype(bytes(), bytes(I32)),
            functype(bytes(I32, I32), bytes(I32)),
            functype(bytes(I32, I32, I32), bytes()),
            functype(bytes(I32, I32, I32, I32), bytes(I32)));
    String[] names = {"sluice_abi_v1", "sluice_alloc", "sluice_free", "f"};
    byte[][] exports = new byte[names.length + 1][];
    for (int i = 0; i < names.length; i++) {
      exports[i] = concat(name(names[i]), bytes(0x00), uleb(i));
    }
    exports[names.length] = concat(name("memory"), bytes(0x02), uleb(0));
    byte[] info =
        ByteBuffer.allocate(16)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(version)
            .putInt(0)
            .putInt(release)
            .putInt(0)
            .array();
    return new WasmBinary()
        .section(1, types)
        .section(3, vec(uleb(0), uleb(1), uleb(2), uleb(3)))
        .section(5, vec(bytes(0x00, 1)))
        .section(7, vec(exports))
        .section(
            10,
            vec(
                body(concat(bytes(0x41), sleb(infoAt))),
                body(concat(bytes(0x41), sleb(allocResult))),
                body(bytes()),
                body(bytes(0x41, 0))))
        .section(11, vec(concat(bytes(0x00, 0x41), sleb(INFO), bytes(0x0b), uleb(16), info)))
        .bytes();
  }

  private static byte[] functype(byte[] params, byte[] results) {
    return concat(bytes(0x60), uleb(params.length), params, uleb(results.length), results);
  }

  private static byte[] body(byte[] instructions) {
    byte[] b = concat(uleb(0), instructions, bytes(0x0b));
    return concat(uleb(b.length), b);
  }

  private static Guest attach(byte[] module) {
    SluiceImports imports = new SluiceImports();
    Instance instance =
        Instance.builder(Parser.parse(module)).withMemoryFactory(GuestMemory::new).build();
    return Guest.attach(instance, imports);
  }

  private static GuestException attachFails(byte[] module) {
    return assertThrows(GuestException.class, () -> attach(module));
  }

  @Test
  void refusesAnotherAbiVersion() {
    GuestException e = attachFails(module(2, 1, INFO, 4096));
    assertEquals(
        "function sluice_abi_v1 returned an invalid result: sluice_guest_info.abi_version is 2,"
            + " expected 1",
        e.getMessage());
    assertEquals(GuestException.Kind.INVALID_RESULT, e.kind());
  }

  @Test
  void refusesANullBorrowedRelease() {
    assertEquals(
        "function sluice_abi_v1 returned an invalid result: sluice_guest_info.borrowed_release is"
            + " 0, expected the table index of a no-op function",
        attachFails(module(1, 0, INFO, 4096)).getMessage());
  }

  @Test
  void refusesGuestInfoOutsideMemory() {
    assertEquals(
        "function sluice_abi_v1 returned an invalid result: sluice_guest_info at 0xfffffff8 is"
            + " outside the guest memory of 65536 bytes",
        attachFails(module(1, 1, -8, 4096)).getMessage());
  }

  @Test
  void refusesAMemoryThatIsNotAGuestMemory() {
    Instance plain = Instance.builder(Parser.parse(module(1, 1, INFO, 4096))).build();
    assertThrows(IllegalArgumentException.class, () -> Guest.attach(plain, new SluiceImports()));
  }

  @Test
  void refusesAModuleWithoutTheAbiExports() {
    Instance memoryOps =
        Instance.builder(Parser.parse(GuestMemoryInChicoryTest.memoryOpsModule(2, 2)))
            .withMemoryFactory(GuestMemory::new)
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Guest.attach(memoryOps, new SluiceImports()));
    assertEquals(
        "the module does not export sluice_abi_v1: it is not a wasi-data ABI v1 module (check it"
            + " with WasmSignatures first)",
        e.getMessage());
  }

  @Test
  void aGuestOutOfMemoryFailsTheCall(BufferAllocator allocator) {
    GuestException e = callFails(module(1, 1, INFO, 0), allocator);
    assertEquals(GuestException.Kind.OUT_OF_MEMORY, e.kind());
    // after the roomy size failed, the host asked for the exact size
    assertEquals(
        "function f failed: the guest is out of memory: sluice_alloc(384, 16) returned 0",
        e.getMessage());
  }

  @Test
  void refusesAnUnalignedStagingBlock(BufferAllocator allocator) {
    assertEquals(
        "function f returned an invalid result: sluice_alloc(4096, 16) returned 0x8, expected a"
            + " 16-aligned block inside the guest memory of 65536 bytes",
        callFails(module(1, 1, INFO, 8), allocator).getMessage());
  }

  @Test
  void refusesAStagingBlockPastTheEndOfMemory(BufferAllocator allocator) {
    assertEquals(
        "function f returned an invalid result: sluice_alloc(4096, 16) returned 0xfff0, expected a"
            + " 16-aligned block inside the guest memory of 65536 bytes",
        callFails(module(1, 1, INFO, 65536 - 16), allocator).getMessage());
  }

  @Test
  void aGoodBlockIsUsedAndTheUnfilledOutputRejected(BufferAllocator allocator) {
    Guest guest = attach(module(1, 1, INFO, 4096));
    try (IntVector in = Vectors.ints(allocator, 7)) {
      GuestException e =
          assertThrows(GuestException.class, () -> guest.callScalar(F, List.of(in), 1, allocator));
      assertEquals(
          "function f returned an invalid result: length is 0, expected 1", e.getMessage());
    }
    // the block the guest handed out holds the input, struct schema first
    GuestMemory memory = guest.memory();
    assertEquals("+s", memory.readCString(memory.readInt(4096 + AbiV1.SCHEMA_FORMAT)));
  }

  private static GuestException callFails(byte[] module, BufferAllocator allocator) {
    Guest guest = attach(module);
    try (IntVector in = Vectors.ints(allocator, 7)) {
      return assertThrows(
          GuestException.class, () -> guest.callScalar(F, List.of(in), 1, allocator));
    }
  }
}
