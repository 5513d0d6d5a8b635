package io.sluice.wasidata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.sluice.testkit.ArrowAllocatorExtension;
import io.sluice.wasidata.internal.BatchExporter;
import io.sluice.wasidata.internal.Staging;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bytes the exporter writes, checked field by field against ABI.md section 11's example: {@code
 * url_host(url VARCHAR) RETURNS VARCHAR} on {@code ['https://a.io/x', NULL]}.
 */
class BatchExporterTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private static final int BLOCK = 0x20000;
  private static final int RELEASE = 3;

  private final GuestMemory memory = new GuestMemory(new MemoryLimits(3, 3));

  @Test
  void writesTheSectionElevenExampleByteByByte(BufferAllocator allocator) {
    try (VarCharVector url = Vectors.strings(allocator, "https://a.io/x", null)) {
      int[] at = new int[4];
      Consumer<BatchExporter> plan =
          e -> {
            at[0] = e.structSchema(List.of(SqlType.VARCHAR), List.of("url"));
            at[1] = e.structArray(List.of(SqlType.VARCHAR), List.of(url), 2);
            at[2] = e.schema(SqlType.VARCHAR, "url_host");
            at[3] = e.zeroedArray();
          };
      Staging measure = Staging.measure();
      plan.accept(new BatchExporter(measure, RELEASE));
      memory.fill((byte) 0x5A, BLOCK, BLOCK + measure.used() + 64); // garbage to overwrite
      Staging write = Staging.write(memory, BLOCK, measure.used());
      plan.accept(new BatchExporter(write, RELEASE));
      assertEquals(measure.used(), write.used(), "measuring and writing lay out the same");

      // input schema: "+s" with one child "u" named url, nullable
      int inSchema = at[0];
      assertEquals(BLOCK, inSchema);
      assertEquals("+s", cString(i32(inSchema + AbiV1.SCHEMA_FORMAT)));
      assertEquals(1, i64(inSchema + AbiV1.SCHEMA_N_CHILDREN));
      assertEquals(RELEASE, i32(inSchema + AbiV1.SCHEMA_RELEASE));
      int child = i32(i32(inSchema + AbiV1.SCHEMA_CHILDREN));
      assertEquals("u", cString(i32(child + AbiV1.SCHEMA_FORMAT)));
      assertEquals("url", cString(i32(child + AbiV1.SCHEMA_NAME)));
      assertEquals(AbiV1.ARROW_FLAG_NULLABLE, i64(child + AbiV1.SCHEMA_FLAGS));
      assertEquals(0, i32(child + AbiV1.SCHEMA_METADATA));
      assertEquals(0, i32(child + AbiV1.SCHEMA_DICTIONARY));
      assertEquals(0, i64(child + AbiV1.SCHEMA_N_CHILDREN));
      assertEquals("u", cString(i32(at[2] + AbiV1.SCHEMA_FORMAT)));

      // input array: struct of 2 rows, buffers [0], one child
      int inArray = at[1];
      assertEquals(2, i64(inArray + AbiV1.ARRAY_LENGTH));
      assertEquals(0, i64(inArray + AbiV1.ARRAY_NULL_COUNT));
      assertEquals(0, i64(inArray + AbiV1.ARRAY_OFFSET));
      assertEquals(1, i64(inArray + AbiV1.ARRAY_N_BUFFERS));
      assertEquals(0, i32(i32(inArray + AbiV1.ARRAY_BUFFERS)));
      assertEquals(1, i64(inArray + AbiV1.ARRAY_N_CHILDREN));
      int column = i32(i32(inArray + AbiV1.ARRAY_CHILDREN));
      assertEquals(2, i64(column + AbiV1.ARRAY_LENGTH));
      assertEquals(1, i64(column + AbiV1.ARRAY_NULL_COUNT));
      assertEquals(3, i64(column + AbiV1.ARRAY_N_BUFFERS));
      assertEquals(0, i64(column + AbiV1.ARRAY_N_CHILDREN));
      assertEquals(RELEASE, i32(column + AbiV1.ARRAY_RELEASE));
      int buffers = i32(column + AbiV1.ARRAY_BUFFERS);
      int validity = i32(buffers);
      int offsets = i32(buffers + 4);
      int data = i32(buffers + 8);
      assertEquals(0x01, memory.read(validity));
      assertEquals(List.of(0, 14, 14), List.of(i32(offsets), i32(offsets + 4), i32(offsets + 8)));
      assertEquals("https://a.io/x", memory.readString(data, 14));
      for (int buffer : new int[] {validity, offsets, data}) {
        assertEquals(0, buffer % AbiV1.BUFFER_ALIGNMENT, "buffers are 16-aligned");
      }
      for (int struct : new int[] {inSchema, child, inArray, column, at[2], at[3]}) {
        assertEquals(0, struct % AbiV1.STRUCT_ALIGNMENT, "structs are 8-aligned");
      }

      // the output array is zeroed
      assertTrue(Arrays.equals(new byte[AbiV1.ARRAY_SIZE], memory.readBytes(at[3], 64)));
      // every byte of the block is either written or padding the exporter zeroed: no 0x5A left
      // inside structs (buffers may keep padding between them)
      for (int struct : new int[] {inSchema, child, at[2]}) {
        for (byte b : memory.readBytes(struct, AbiV1.SCHEMA_SIZE)) {
          assertTrue(b != 0x5A, "a schema byte was left unwritten");
        }
      }
      for (int struct : new int[] {inArray, column}) {
        for (byte b : memory.readBytes(struct, AbiV1.ARRAY_SIZE)) {
          assertTrue(b != 0x5A, "an array byte was left unwritten");
        }
      }
      assertEquals(0x5A, memory.read(BLOCK + measure.used()), "nothing written past the block");
    }
  }

  @Test
  void aNullFreeColumnPassesValidityZero(BufferAllocator allocator) {
    try (VarCharVector v = Vectors.strings(allocator, "a", "b")) {
      Staging measure = Staging.measure();
      new BatchExporter(measure, RELEASE).array(SqlType.VARCHAR, v, 2);
      Staging write = Staging.write(memory, BLOCK, measure.used());
      int array = new BatchExporter(write, RELEASE).array(SqlType.VARCHAR, v, 2);
      assertEquals(0, i64(array + AbiV1.ARRAY_NULL_COUNT));
      assertEquals(0, i32(i32(array + AbiV1.ARRAY_BUFFERS)), "validity is 0 without NULLs");
    }
  }

  @Test
  void theStagingRefusesToWriteOutsideTheBlock() {
    Staging write = Staging.write(memory, BLOCK, 64);
    int at = write.reserve(16, 16);
    write.i64(at + 8, 1);
    assertThrows(IllegalStateException.class, () -> write.i64(at + 12, 1));
    assertThrows(IllegalStateException.class, () -> write.i32(BLOCK - 4, 1));
    assertThrows(IllegalStateException.class, () -> write.reserve(64, 8));
    assertEquals(0, memory.readInt(BLOCK - 4));
  }

  private int i32(int address) {
    return memory.readInt(address);
  }

  private long i64(int address) {
    return memory.readLong(address);
  }

  private String cString(int address) {
    return memory.readCString(address);
  }
}
