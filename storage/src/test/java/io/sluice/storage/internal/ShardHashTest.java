package io.sluice.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.storage.ColumnType;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pins the distribution hash: stored rows sit in the shard it chose, so a change would silently
 * misplace every row of every existing table. If this test fails, the hash changed: put it back.
 */
class ShardHashTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  @Test
  void hashesOfKnownValuesNeverChange() {
    try (BigIntVector longs = new BigIntVector("l", arrow.allocator());
        Float8Vector doubles = new Float8Vector("d", arrow.allocator());
        DecimalVector decimals = new DecimalVector("m", arrow.allocator(), 12, 2);
        VarCharVector strings = new VarCharVector("s", arrow.allocator())) {
      longs.setSafe(0, 0);
      longs.setSafe(1, 42);
      longs.setSafe(2, -1);
      doubles.setSafe(0, 0.0);
      doubles.setSafe(1, -0.0);
      doubles.setSafe(2, 1.5);
      decimals.setSafe(0, new BigDecimal("123.45"));
      strings.setSafe(0, "".getBytes(StandardCharsets.UTF_8));
      strings.setSafe(1, "sluice".getBytes(StandardCharsets.UTF_8));
      assertEquals(0L, ShardHash.hash(longs, ColumnType.BIGINT, 0));
      assertEquals(PINNED_42, ShardHash.hash(longs, ColumnType.BIGINT, 1));
      assertEquals(PINNED_MINUS_1, ShardHash.hash(longs, ColumnType.BIGINT, 2));
      assertEquals(
          ShardHash.hash(doubles, ColumnType.DOUBLE, 0),
          ShardHash.hash(doubles, ColumnType.DOUBLE, 1));
      assertEquals(PINNED_1_5, ShardHash.hash(doubles, ColumnType.DOUBLE, 2));
      assertEquals(PINNED_DECIMAL, ShardHash.hash(decimals, ColumnType.DECIMAL, 0));
      assertEquals(PINNED_EMPTY, ShardHash.hash(strings, ColumnType.VARCHAR, 0));
      assertEquals(PINNED_SLUICE, ShardHash.hash(strings, ColumnType.VARCHAR, 1));
      assertEquals(PINNED_SLUICE_SHARD, ShardHash.shard(strings, ColumnType.VARCHAR, 1, 7));
    }
  }

  private static final long PINNED_42 = -9148929187392628276L;
  private static final long PINNED_MINUS_1 = 7256831767414464289L;
  private static final long PINNED_1_5 = -8620509230208272656L;
  private static final long PINNED_DECIMAL = 1716623506685013753L;
  private static final long PINNED_EMPTY = -1166397803181037274L;
  private static final long PINNED_SLUICE = -4856765262635287236L;
  private static final int PINNED_SLUICE_SHARD = 5;
}
