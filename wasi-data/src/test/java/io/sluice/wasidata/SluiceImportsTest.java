package io.sluice.wasidata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The sluice_v1 host functions' own rules, on a bare memory. */
class SluiceImportsTest {
  private final GuestMemory memory = new GuestMemory(new MemoryLimits(1, 1));

  @Test
  void hostFunctionsHaveTheAbiTypes() {
    HostFunction[] functions = new SluiceImports().toHostFunctions();
    assertEquals(3, functions.length);
    for (HostFunction f : functions) {
      assertEquals(AbiV1.IMPORT_MODULE, f.module());
      assertEquals(WasmSignatures.hostFunctions().get(f.name()), f.functionType());
    }
  }

  @Test
  void theFirstErrorWinsAndIsCutAt4096BytesWithInvalidUtf8Replaced() {
    SluiceImports imports = new SluiceImports();
    byte[] long_ = new byte[5000];
    Arrays.fill(long_, (byte) 'e');
    long_[0] = (byte) 0xC3; // a broken two-byte sequence
    memory.write(100, long_);
    imports.error(memory, 100, 5000, 17);
    imports.error(memory, 0, 3, 1); // a second error does not replace the first
    assertEquals(17, imports.errorRow());
    String message = imports.errorMessage();
    assertEquals('\uFFFD', message.charAt(0));
    assertEquals(4096, message.length(), "cut at 4096 bytes: one replaced byte and 4095 e's");
    imports.beginCall();
    assertNull(imports.errorMessage());
    assertEquals(-1, imports.errorRow());
    imports.error(memory, 100 + 1, 3, -7);
    assertEquals("eee", imports.errorMessage());
    assertEquals(-1, imports.errorRow(), "negative rows mean no row");
  }

  @Test
  void aMessageOutsideMemoryTraps() {
    SluiceImports imports = new SluiceImports();
    assertThrows(WasmRuntimeException.class, () -> imports.error(memory, 65530, 10, 0));
    assertThrows(WasmRuntimeException.class, () -> imports.log(memory, 65530, 10));
    assertThrows(WasmRuntimeException.class, () -> imports.log(memory, 0, -1));
    // a huge error length is cut first, so only the kept bytes must be in memory
    imports.error(memory, 0, -1, 0);
    assertEquals(4096, imports.errorMessage().length());
  }

  @Test
  void aLogLongerThanTheBufferKeepsItsEnd() {
    GuestLog log = new GuestLog(8);
    SluiceImports imports = new SluiceImports(log);
    memory.write(0, "0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    imports.log(memory, 0, 16);
    assertEquals("89abcdef", log.tail(100));
    assertEquals(8, log.bytesWritten(), "only the bytes that can matter are read");
  }

  @Test
  void returnNullLastsUntilTheNextRow() {
    SluiceImports imports = new SluiceImports();
    assertFalse(imports.returnedNull());
    imports.toHostFunctions()[2].handle().apply(null);
    assertTrue(imports.returnedNull());
    imports.beginRow();
    assertFalse(imports.returnedNull());
  }
}
