package io.sluice.sql.exec;

import io.sluice.storage.Store;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.memory.BufferAllocator;

/** What shard fragments run against: the store, a pool for shard tasks, memory, the query log. */
public interface ExecutionEnvironment {

  /**
   * @return the open store
   */
  Store store();

  /**
   * @return the pool that runs shard tasks
   */
  ExecutorService shardExecutor();

  /**
   * @return the allocator queries take child allocators from
   */
  BufferAllocator allocator();

  /**
   * @return where finished queries are recorded
   */
  QueryLog queryLog();
}
