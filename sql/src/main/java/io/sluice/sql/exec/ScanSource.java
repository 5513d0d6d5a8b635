package io.sluice.sql.exec;

import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanSpec;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Where the rows of a shard fragment come from: the shards of a stored table, or files read in
 * place. A query resolves its source when it starts ({@link #open}), then runs one fragment per
 * split, in parallel.
 */
public interface ScanSource {

  /**
   * @return a short description for plans and the query log, e.g. {@code events} or {@code
   *     read_parquet('logs/*.parquet')}
   */
  String describe();

  /**
   * Resolves the source for one execution: a table must still exist, files are listed.
   *
   * @param environment the store and pools
   * @return the splits to run fragments on
   */
  Splits open(ExecutionEnvironment environment);

  /** The parts of a source that fragments read in parallel. */
  interface Splits {
    /**
     * @return how many fragments to run
     */
    int count();

    /**
     * Opens one split; called on the fragment's own thread.
     *
     * @param split 0 to {@link #count()} - 1
     * @param spec the columns to read and the predicates that may skip chunks or row groups (rows
     *     are filtered by the fragment, not the scan)
     * @param allocator where batches live
     * @return a cursor over the split's batches
     */
    ScanCursor open(int split, ScanSpec spec, BufferAllocator allocator);

    /**
     * The splits that may hold rows a scan wants: all of them unless the source can tell (a lookup
     * by a table's distribution key reads one shard).
     *
     * @param spec the scan, with its predicates
     * @return split numbers, ascending
     */
    default int[] candidates(ScanSpec spec) {
      int[] all = new int[count()];
      for (int split = 0; split < all.length; split++) {
        all[split] = split;
      }
      return all;
    }
  }
}
