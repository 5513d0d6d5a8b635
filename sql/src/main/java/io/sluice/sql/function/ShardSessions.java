package io.sluice.sql.function;

import io.sluice.sql.exec.QueryContext;
import io.sluice.udf.UdfSession;

/**
 * Sandbox sessions of shard tasks: one per function version, query and thread, held by the query
 * and closed (instance reset and pooled) when it ends; the query also holds a reference to the
 * version so it finishes on the version it started with.
 */
final class ShardSessions {
  private ShardSessions() {}

  /** A session and the version reference it holds, closed together. */
  private record Lease(WasmFunctionVersion version, UdfSession session) implements AutoCloseable {
    @Override
    public void close() {
      try {
        session.close();
      } finally {
        version.release();
      }
    }
  }

  private record Key(long version, Thread thread) {}

  static UdfSession session(QueryContext query, WasmFunctionVersion version) {
    Lease lease =
        query.resource(
            new Key(version.id(), Thread.currentThread()),
            () -> {
              if (!version.retain()) {
                throw new IllegalStateException(
                    "function "
                        + version.name()
                        + " was replaced or dropped after this statement was prepared;"
                        + " prepare it again");
              }
              try {
                return new Lease(version, version.function().session());
              } catch (RuntimeException e) {
                version.release();
                throw e;
              }
            });
    return lease.session();
  }
}
