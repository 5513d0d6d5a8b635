package io.sluice.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A lookup by distribution key names the one shard that holds the key. */
class ShardLookupTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  @ParameterizedTest
  @ValueSource(strings = {"id", "si", "i", "s"})
  void theShardOfALiteralIsTheShardItsRowWentTo(String key) {
    int keyColumn = AllTypes.SCHEMA.getFields().indexOf(AllTypes.SCHEMA.findField(key));
    try (Store store = Store.open(directory)) {
      Table table =
          store.createTable(
              TableDefinition.builder("t", AllTypes.SCHEMA).shards(5).distributedBy(key).build());
      try (VectorSchemaRoot batch = AllTypes.batch(arrow.allocator(), 0, 400)) {
        table.append(batch);
      }
      Map<Long, Integer> shardOfId = new HashMap<>();
      for (int shard = 0; shard < 5; shard++) {
        try (ScanCursor cursor =
            table.scanShard(shard, ScanSpec.builder().columns("id").build(), arrow.allocator())) {
          while (cursor.next()) {
            BigIntVector ids = (BigIntVector) cursor.batch().getVector(0);
            for (int row = 0; row < ids.getValueCount(); row++) {
              shardOfId.put(ids.get(row), shard);
            }
          }
        }
      }
      Object some = null;
      int looked = 0;
      for (long id = 0; id < 400; id++) {
        Object value = keyColumn == 0 ? (Object) id : AllTypes.value(id, keyColumn);
        if (value == null) {
          continue;
        }
        int[] shards = table.shardsFor(List.of(Predicate.equal(key, value)));
        assertArrayEquals(new int[] {shardOfId.get(id)}, shards, key + " = " + value);
        looked++;
        some = value;
      }
      assertTrue(looked > 100);
      // No key equality: every shard.
      assertArrayEquals(
          new int[] {0, 1, 2, 3, 4}, table.shardsFor(List.of(Predicate.greaterThan(key, some))));
      assertEquals(5, table.shardsFor(List.of()).length);
    }
  }
}
