package io.sluice.sql.exec;

import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanSpec;
import io.sluice.storage.Table;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The shards of a stored table: one split per shard.
 *
 * @param table the table's name
 */
public record TableScanSource(String table) implements ScanSource {

  @Override
  public String describe() {
    return table;
  }

  @Override
  public Splits open(ExecutionEnvironment environment) {
    Table resolved = environment.store().table(table);
    return new Splits() {
      @Override
      public int count() {
        return resolved.shardCount();
      }

      @Override
      public ScanCursor open(int split, ScanSpec spec, BufferAllocator allocator) {
        return resolved.scanShard(split, spec, allocator);
      }

      @Override
      public int[] candidates(ScanSpec spec) {
        return resolved.shardsFor(spec.predicates());
      }
    };
  }
}
