package io.sluice.wasidata;

import static com.dylibso.chicory.runtime.Memory.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuestMemoryTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private static GuestMemory memory(int initial, int max) {
    return new GuestMemory(new MemoryLimits(initial, max));
  }

  private static void assertOutOfBounds(Runnable access) {
    WasmRuntimeException e = assertThrows(WasmRuntimeException.class, access::run);
    assertTrue(e.getMessage().startsWith("out of bounds memory access"), e.getMessage());
  }

  // ---- typed access --------------------------------------------------------------------------

  @Test
  void typedValuesRoundTripAtEveryOffsetAroundPageBoundaries() {
    GuestMemory m = memory(3, 3);
    for (int boundary : new int[] {PAGE_SIZE, 2 * PAGE_SIZE}) {
      for (int addr = boundary - 9; addr <= boundary + 1; addr++) {
        m.writeByte(addr, (byte) 0x81);
        assertEquals((byte) 0x81, m.read(addr));
        assertEquals(0x81, m.readU8(addr));
        assertEquals(-127, m.readI8(addr));
        m.writeShort(addr, (short) 0xBEEF);
        assertEquals((short) 0xBEEF, m.readShort(addr));
        assertEquals(0xBEEF, m.readU16(addr));
        m.writeI32(addr, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, m.readInt(addr));
        assertEquals(0xCAFEBABEL, m.readU32(addr));
        assertEquals((long) 0xCAFEBABE, m.readI32(addr));
        m.writeLong(addr, 0x0123456789ABCDEFL);
        assertEquals(0x0123456789ABCDEFL, m.readLong(addr));
        assertArrayEquals(littleEndian(0x0123456789ABCDEFL), m.readBytes(addr, 8), "at " + addr);
        m.writeF32(addr, -1.5f);
        assertEquals(-1.5f, m.readFloat(addr));
        assertEquals(Float.floatToRawIntBits(-1.5f), (int) m.readF32(addr));
        m.writeF64(addr, Math.PI);
        assertEquals(Math.PI, m.readDouble(addr));
        assertEquals(Double.doubleToRawLongBits(Math.PI), m.readF64(addr));
      }
    }
  }

  @Test
  void nanPayloadsSurviveEvenAcrossAPageBoundary() {
    GuestMemory m = memory(2, 2);
    int signaling = 0x7fa00001;
    long signalingDouble = 0x7ff4000000000001L;
    for (int addr : new int[] {100, PAGE_SIZE - 2}) {
      m.writeF32(addr, Float.intBitsToFloat(signaling));
      assertEquals(signaling, m.readInt(addr));
      m.writeF64(addr, Double.longBitsToDouble(signalingDouble));
      assertEquals(signalingDouble, m.readLong(addr));
    }
  }

  @Test
  void everyAccessPastTheEndTrapsAndWritesNothing() {
    GuestMemory m = memory(2, 2);
    int end = 2 * PAGE_SIZE;
    m.fill((byte) 0x55, end - 16, end);
    int[] sizes = {1, 2, 4, 8};
    for (int size : sizes) {
      for (int addr = end - size + 1; addr <= end + 1; addr++) {
        int a = addr;
        assertOutOfBounds(() -> write(m, size, a));
        assertOutOfBounds(() -> read(m, size, a));
      }
      for (int a : new int[] {-1, -size, Integer.MIN_VALUE, Integer.MAX_VALUE, 3 * PAGE_SIZE}) {
        assertOutOfBounds(() -> write(m, size, a));
        assertOutOfBounds(() -> read(m, size, a));
      }
      // the last in-bounds value is fine
      write(m, size, end - size);
      read(m, size, end - size);
      m.fill((byte) 0x55, end - 16, end);
    }
    // a trapping store that straddles the end changed none of the bytes before it
    assertOutOfBounds(() -> m.writeLong(end - 4, -1L));
    assertArrayEquals(filled(16, 0x55), m.readBytes(end - 16, 16));
    WasmRuntimeException e = assertThrows(WasmRuntimeException.class, () -> m.readInt(end));
    assertEquals(
        "out of bounds memory access: attempted to access address: 131072 but limit is: 131072"
            + " and size: 4",
        e.getMessage());
  }

  private static void write(Memory m, int size, int addr) {
    switch (size) {
      case 1:
        m.writeByte(addr, (byte) 0xAA);
        break;
      case 2:
        m.writeShort(addr, (short) 0xAAAA);
        break;
      case 4:
        m.writeI32(addr, 0xAAAAAAAA);
        break;
      default:
        m.writeLong(addr, 0xAAAAAAAAAAAAAAAAL);
    }
  }

  private static long read(Memory m, int size, int addr) {
    switch (size) {
      case 1:
        return m.read(addr);
      case 2:
        return m.readShort(addr);
      case 4:
        return m.readInt(addr) + (long) m.readFloat(addr);
      default:
        return m.readLong(addr) + (long) m.readDouble(addr);
    }
  }

  // ---- bulk operations -----------------------------------------------------------------------

  @Test
  void bulkWritesReadsAndFillsSpanPages() {
    GuestMemory m = memory(4, 4);
    byte[] data = randomBytes(3 * PAGE_SIZE, 1);
    m.write(PAGE_SIZE / 2, data);
    assertArrayEquals(data, m.readBytes(PAGE_SIZE / 2, data.length));
    m.write(10, data, 5, 0);
    assertArrayEquals(new byte[10], m.readBytes(0, 10));
    m.fill((byte) 7, PAGE_SIZE - 3, 3 * PAGE_SIZE + 3);
    byte[] all = m.readBytes(0, 4 * PAGE_SIZE);
    for (int i = 0; i < all.length; i++) {
      byte expected =
          i >= PAGE_SIZE - 3 && i < 3 * PAGE_SIZE + 3
              ? 7
              : i >= PAGE_SIZE / 2 && i < PAGE_SIZE / 2 + data.length ? data[i - PAGE_SIZE / 2] : 0;
      if (all[i] != expected) {
        assertEquals(expected, all[i], "byte " + i);
      }
    }
    // zero-filling whole pages, then writing into them again
    m.fill((byte) 0, 0, 4 * PAGE_SIZE);
    assertArrayEquals(new byte[4 * PAGE_SIZE], m.readBytes(0, 4 * PAGE_SIZE));
    m.writeI32(PAGE_SIZE + 4, 42);
    assertEquals(42, m.readInt(PAGE_SIZE + 4));
    assertOutOfBounds(() -> m.write(4 * PAGE_SIZE - 1, new byte[2]));
    assertOutOfBounds(() -> m.write(0, new byte[2], 1, 2));
    assertOutOfBounds(() -> m.readBytes(-1, 1));
    assertOutOfBounds(() -> m.readBytes(4 * PAGE_SIZE, 1));
    assertEquals(0, m.readBytes(4 * PAGE_SIZE, 0).length);
    assertOutOfBounds(() -> m.fill((byte) 1, 4 * PAGE_SIZE - 1, 4 * PAGE_SIZE + 1));
    assertOutOfBounds(() -> m.fill((byte) 1, 5, 4)); // a size that wraps around is huge
    // Chicory computes end = offset + size in int: a wrapped end must still trap, not fill
    assertOutOfBounds(() -> m.fill((byte) 1, 100, 100 + Integer.MAX_VALUE));
    assertEquals(0, m.read(100));
  }

  /** memory.copy must behave as memmove (Chicory #1220 broke this once). */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 2 * PAGE_SIZE + 5})
  void copyIsMemmoveForOverlapsInBothDirections(int distance) {
    int size = 2 * PAGE_SIZE + 333;
    for (int src : new int[] {0, 17, PAGE_SIZE - 5, PAGE_SIZE}) {
      for (int direction : new int[] {1, -1}) {
        int dest = src + direction * distance;
        if (dest < 0) {
          continue;
        }
        GuestMemory m = memory(6, 6);
        byte[] model = randomBytes(6 * PAGE_SIZE, src + distance);
        m.write(0, model);
        m.copy(dest, src, size);
        System.arraycopy(model, src, model, dest, size); // arraycopy is memmove
        assertArrayEquals(model, m.readBytes(0, model.length), "dest " + dest + " src " + src);
      }
    }
  }

  @Test
  void copyChecksBothRanges() {
    GuestMemory m = memory(1, 1);
    m.writeI32(0, 99);
    assertOutOfBounds(() -> m.copy(PAGE_SIZE - 2, 0, 4));
    assertOutOfBounds(() -> m.copy(0, PAGE_SIZE - 2, 4));
    assertOutOfBounds(() -> m.copy(0, 0, -1));
    m.copy(PAGE_SIZE, 0, 0); // zero bytes at the end is in bounds
    assertOutOfBounds(() -> m.copy(PAGE_SIZE + 1, 0, 0));
    assertEquals(99, m.readInt(0));
  }

  // ---- growing and limits --------------------------------------------------------------------

  @Test
  void growsLazilyWithinItsLimits() {
    GuestMemory m = memory(1, 3);
    assertEquals(1, m.pages());
    assertEquals(1, m.grow(0));
    assertEquals(-1, m.grow(3));
    assertEquals(-1, m.grow(-1));
    assertEquals(-1, m.grow(Integer.MAX_VALUE));
    assertEquals(1, m.grow(2));
    assertEquals(3, m.pages());
    assertEquals(3L * PAGE_SIZE, m.byteSize());
    assertArrayEquals(new byte[2 * PAGE_SIZE], m.readBytes(PAGE_SIZE, 2 * PAGE_SIZE));
    m.writeLong(3 * PAGE_SIZE - 8, 5);
    assertEquals(5, m.readLong(3 * PAGE_SIZE - 8));
    assertEquals(-1, m.grow(1));
    assertEquals(3L * PAGE_SIZE, m.highWaterBytes());
  }

  @Test
  void theHostCapWinsOverTheModulesLimits() {
    Memory capped = GuestMemory.factory(4).apply(new MemoryLimits(2, MemoryLimits.MAX_PAGES));
    assertEquals(4, capped.maximumPages());
    assertEquals(2, capped.grow(2));
    assertEquals(-1, capped.grow(1));
    assertEquals(Memory.RUNTIME_MAX_PAGES, new GuestMemory(new MemoryLimits(0)).maximumPages());
    UninstantiableException e =
        assertThrows(
            UninstantiableException.class,
            () -> GuestMemory.factory(4).apply(new MemoryLimits(5, 10)));
    assertEquals(
        "the module's initial memory of 5 pages exceeds the limit of 4 pages (262144 bytes)",
        e.getMessage());
  }

  @Test
  void refusesSharedMemory() {
    ChicoryException e =
        assertThrows(ChicoryException.class, () -> new GuestMemory(new MemoryLimits(1, 2, true)));
    assertEquals(
        "shared memories are not supported: a wasi-data ABI v1 module has one non-shared memory",
        e.getMessage());
    GuestMemory m = memory(1, 1);
    assertFalse(m.shared());
    assertThrows(WasmRuntimeException.class, () -> m.atomicWait(0, 0, 1));
    assertEquals(0, m.atomicNotify(0, 1));
    assertEquals(0, m.atomicAddInt(8, 5));
    assertEquals(5, m.atomicReadInt(8));
  }

  // ---- Arrow copies and UTF-8 ----------------------------------------------------------------

  @Test
  void copiesToAndFromArrowBuffersAcrossPages(BufferAllocator allocator) {
    GuestMemory m = memory(3, 3);
    byte[] data = randomBytes(PAGE_SIZE + 1000, 9);
    try (ArrowBuf buf = allocator.buffer(data.length + 10);
        ArrowBuf back = allocator.buffer(data.length)) {
      buf.setBytes(10, data);
      m.copyFrom(buf, 10, PAGE_SIZE - 500, data.length);
      assertArrayEquals(data, m.readBytes(PAGE_SIZE - 500, data.length));
      m.copyTo(PAGE_SIZE - 500, back, 0, data.length);
      byte[] copied = new byte[data.length];
      back.getBytes(0, copied);
      assertArrayEquals(data, copied);
      // out of guest bounds: nothing is written, nothing is read
      assertOutOfBounds(() -> m.copyFrom(buf, 0, 3 * PAGE_SIZE - 10, 11));
      assertEquals(0, m.read(3 * PAGE_SIZE - 10));
      assertOutOfBounds(() -> m.copyTo(-1, back, 0, 1));
      // out of Arrow bounds is the host's mistake, not a trap
      assertThrows(
          IndexOutOfBoundsException.class, () -> m.copyFrom(buf, buf.capacity() - 5, 0, 6));
      assertThrows(IndexOutOfBoundsException.class, () -> m.copyTo(0, back, back.capacity(), 1));
      assertThrows(IndexOutOfBoundsException.class, () -> m.copyTo(0, back, -1, 1));
    }
  }

  @Test
  void findsInvalidUtf8AcrossPages() {
    GuestMemory m = memory(2, 2);
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    int at = PAGE_SIZE - 1; // the 3-byte euro sign straddles the page boundary
    m.write(at, euro);
    assertEquals(-1, m.findInvalidUtf8(at, 3));
    assertEquals(0, m.findInvalidUtf8(at, 2), "cut at the end");
    assertEquals(0, m.findInvalidUtf8(at + 1, 2), "starts with a continuation byte");
    Object[][] cases = {
      {new byte[] {'a', (byte) 0xC0, (byte) 0x80}, 1}, // overlong NUL
      {new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, 0}, // overlong 3-byte
      {new byte[] {'x', 'y', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, 2}, // surrogate
      {new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0}, // above U+10FFFF
      {new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, 0},
      {new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, -1}, // an emoji
      {"12345678abcdefgh\u00e9".getBytes(StandardCharsets.UTF_8), -1},
      {new byte[0], -1},
    };
    for (Object[] c : cases) {
      byte[] bytes = (byte[]) c[0];
      m.write(PAGE_SIZE - 2, bytes);
      assertEquals(c[1], m.findInvalidUtf8(PAGE_SIZE - 2, bytes.length), Arrays.toString(bytes));
    }
    assertOutOfBounds(() -> m.findInvalidUtf8(2 * PAGE_SIZE - 1, 2));
  }

  @Test
  void utf8AgreesWithTheJdkDecoderOnRandomBytes() {
    Random random = new Random(3);
    GuestMemory m = memory(2, 2);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(12)];
      for (int i = 0; i < bytes.length; i++) {
        // mostly bytes near the interesting ranges
        bytes[i] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt());
      }
      int at = PAGE_SIZE - random.nextInt(bytes.length + 1);
      m.write(at, bytes);
      assertEquals(
          jdkValid(bytes), m.findInvalidUtf8(at, bytes.length) < 0, Arrays.toString(bytes));
    }
  }

  private static boolean jdkValid(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  // ---- snapshots -----------------------------------------------------------------------------

  @Test
  void restoreBringsBackSizeAndContentsAndForgetsEverythingAfter() {
    GuestMemory m = memory(2, 8);
    m.writeLong(8, 1111);
    m.writeLong(PAGE_SIZE + 8, 2222);
    GuestMemory.Snapshot image = m.snapshot();
    assertEquals(2L * PAGE_SIZE, image.byteSize());
    byte[] before = m.readBytes(0, 2 * PAGE_SIZE);

    for (int round = 0; round < 3; round++) {
      m.writeLong(8, -1);
      m.fill((byte) 9, 100, 2 * PAGE_SIZE);
      assertEquals(2, m.grow(3));
      m.writeLong(4 * PAGE_SIZE, 3333);
      assertEquals(5L * PAGE_SIZE, m.highWaterBytes());
      m.restore(image);
      assertEquals(2, m.pages());
      assertEquals(2L * PAGE_SIZE, m.highWaterBytes());
      assertArrayEquals(before, m.readBytes(0, 2 * PAGE_SIZE));
      assertEquals(2, m.grow(3));
      assertArrayEquals(new byte[3 * PAGE_SIZE], m.readBytes(2 * PAGE_SIZE, 3 * PAGE_SIZE));
      m.restore(image);
    }
  }

  @Test
  void partialWritesAfterASnapshotKeepTheRestOfEachFrozenPage(BufferAllocator allocator) {
    byte[] image = randomBytes(3 * PAGE_SIZE, 21);
    GuestMemory m = memory(3, 3);
    m.write(0, image);
    GuestMemory.Snapshot snapshot = m.snapshot();
    byte[] model = image.clone();
    m.write(10, new byte[] {1, 2, 3});
    System.arraycopy(new byte[] {1, 2, 3}, 0, model, 10, 3);
    m.fill((byte) 4, PAGE_SIZE + 5, PAGE_SIZE + 9);
    Arrays.fill(model, PAGE_SIZE + 5, PAGE_SIZE + 9, (byte) 4);
    m.copy(2 * PAGE_SIZE + 100, 2 * PAGE_SIZE + 90, 20);
    System.arraycopy(model, 2 * PAGE_SIZE + 90, model, 2 * PAGE_SIZE + 100, 20);
    assertArrayEquals(model, m.readBytes(0, model.length));
    m.restore(snapshot);
    try (ArrowBuf buf = allocator.buffer(8)) {
      buf.setLong(0, -1L);
      m.copyFrom(buf, 0, PAGE_SIZE - 4, 8);
    }
    Arrays.fill(model, (byte) 0);
    System.arraycopy(image, 0, model, 0, image.length);
    Arrays.fill(model, PAGE_SIZE - 4, PAGE_SIZE + 4, (byte) -1);
    assertArrayEquals(model, m.readBytes(0, model.length));
  }

  @Test
  void aSnapshotIsSharedSafelyBetweenMemories() {
    GuestMemory first = memory(1, 4);
    first.write(0, "initialized".getBytes(StandardCharsets.UTF_8));
    GuestMemory.Snapshot image = first.snapshot();
    GuestMemory second = memory(1, 4);
    second.restore(image);
    second.write(0, "second wrote".getBytes(StandardCharsets.UTF_8));
    first.write(0, "first wrote!".getBytes(StandardCharsets.UTF_8));
    assertEquals("first wrote!", first.readString(0, 12));
    assertEquals("second wrote", second.readString(0, 12));
    first.restore(image);
    second.restore(image);
    assertEquals("initialized", first.readString(0, 11));
    assertEquals("initialized", second.readString(0, 11));
    assertThrows(IllegalArgumentException.class, () -> memory(0, 0).restore(image));
    // after all that, a new memory still reads zeros everywhere: the shared zero page is clean
    assertArrayEquals(new byte[4 * PAGE_SIZE], memory(4, 4).readBytes(0, 4 * PAGE_SIZE));
  }

  // ---- against Chicory's own memory ----------------------------------------------------------

  /**
   * Random operation sequences on GuestMemory and Chicory's ByteArrayMemory must give the same
   * values, the same traps and the same contents.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void behavesLikeChicorysByteArrayMemory(long seed) {
    Random random = new Random(seed);
    MemoryLimits limits = new MemoryLimits(1, 4);
    GuestMemory ours = new GuestMemory(limits);
    ByteArrayMemory theirs = new ByteArrayMemory(limits);
    for (int step = 0; step < 4000; step++) {
      int op = random.nextInt(16);
      int addr = address(random, ours.pages());
      int size = random.nextInt(8) == 0 ? random.nextInt(3 * PAGE_SIZE) : random.nextInt(300);
      long value = random.nextLong();
      String what = "seed " + seed + " step " + step + " op " + op + " addr " + addr;
      if (random.nextInt(40) == 0) {
        ours.snapshot(); // freezing pages must not change what the memory holds
      }
      Object a = apply(ours, op, addr, size, value, what);
      Object b = apply(theirs, op, addr, size, value, what);
      if (a instanceof byte[]) {
        assertArrayEquals((byte[]) b, (byte[]) a, what);
      } else {
        assertEquals(b, a, what);
      }
      if (step % 500 == 0) {
        assertEquals(theirs.pages(), ours.pages(), what);
        int bytes = ours.pages() * PAGE_SIZE;
        assertArrayEquals(theirs.readBytes(0, bytes), ours.readBytes(0, bytes), what);
      }
    }
  }

  private static int address(Random random, int pages) {
    int end = pages * PAGE_SIZE;
    switch (random.nextInt(5)) {
      case 0:
        return end - random.nextInt(16);
      case 1:
        return (1 + random.nextInt(Math.max(1, pages))) * PAGE_SIZE - random.nextInt(16);
      case 2:
        return random.nextInt(8) == 0 ? -random.nextInt(16) : end + random.nextInt(16);
      default:
        return random.nextInt(end + 1);
    }
  }

  /** One operation; returns its result or the trap it raised, as a comparable value. */
  private static Object apply(Memory m, int op, int addr, int size, long value, String what) {
    try {
      switch (op) {
        case 0:
          m.writeByte(addr, (byte) value);
          return null;
        case 1:
          m.writeShort(addr, (short) value);
          return null;
        case 2:
          m.writeI32(addr, (int) value);
          return null;
        case 3:
          m.writeLong(addr, value);
          return null;
        case 4:
          m.writeF32(addr, (float) value);
          return null;
        case 5:
          m.writeF64(addr, Double.longBitsToDouble(value));
          return null;
        case 6:
          return (long) m.read(addr) + m.readShort(addr) + m.readU16(addr);
        case 7:
          return m.readInt(addr) + m.readU32(addr) + m.readF32(addr);
        case 8:
          return m.readLong(addr) ^ m.readF64(addr);
        case 9:
          return Float.floatToRawIntBits(m.readFloat(addr))
              ^ Double.doubleToRawLongBits(m.readDouble(addr));
        case 10:
          m.write(addr, littleEndian(value), 0, Math.min(8, size));
          return null;
        case 11:
          return m.readBytes(addr, size);
        case 12:
          m.fill((byte) value, addr, addr + size);
          return null;
        case 13:
          m.copy(addr, (int) Math.floorMod(value, m.pages() * PAGE_SIZE + 1L), size);
          return null;
        case 14:
          return m.grow(Math.floorMod(value, 3));
        default:
          return m.pages();
      }
    } catch (WasmRuntimeException e) {
      assertTrue(e.getMessage().startsWith("out of bounds memory access"), what + ": " + e);
      return "trap";
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static byte[] littleEndian(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  static byte[] randomBytes(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }
}
