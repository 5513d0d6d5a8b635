package io.sluice.sql.catalog;

import io.sluice.sql.exec.ExecutionEnvironment;
import io.sluice.sql.exec.ScanSource;
import org.apache.calcite.rel.RelWriter;

/**
 * A table whose rows shard fragments read, so filters, projections, wasm calls and partial
 * aggregates over it are pushed into the fragments: a stored table (one fragment per shard) or
 * files read in place (one fragment per core).
 */
public interface FragmentSource {

  /**
   * @return where fragments over it run
   */
  ExecutionEnvironment environment();

  /**
   * @return whether plans over it push work into fragments (false: fragments only scan)
   */
  boolean pushdown();

  /**
   * @return what a query reads, resolved when it starts
   */
  ScanSource scanSource();

  /**
   * Adds what EXPLAIN shows of the scan (shards, or format and files).
   *
   * @param pw the plan writer
   * @return the writer
   */
  RelWriter explain(RelWriter pw);
}
