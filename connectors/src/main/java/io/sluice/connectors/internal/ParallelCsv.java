package io.sluice.connectors.internal;

import io.sluice.connectors.BatchSource;
import io.sluice.connectors.FileOptions;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** When and how a CSV file is read by several readers at once ({@link ParallelCsvSource}). */
public final class ParallelCsv {
  private ParallelCsv() {}

  /**
   * @param file a CSV file
   * @return whether it is large and uncompressed enough to read in ranges, on a machine with more
   *     than one core
   */
  public static boolean worthSplitting(Path file) {
    return Runtime.getRuntime().availableProcessors() > 1
        && file.toFile().length() >= ParallelCsvSource.MIN_BYTES
        && !InputFiles.isCompressed(file);
  }

  /**
   * @param file an uncompressed CSV file
   * @param options read options
   * @param schema the file's columns, as the target reads them
   * @param columns the columns to read, or null for all
   * @param allocator where batches live
   * @param batchRows rows per batch
   * @return a source reading it with one reader per core when it can be cut safely
   */
  public static BatchSource open(
      Path file,
      FileOptions options,
      Schema schema,
      List<String> columns,
      BufferAllocator allocator,
      int batchRows) {
    return ParallelCsvSource.open(
        file,
        options,
        schema,
        columns,
        allocator,
        batchRows,
        Runtime.getRuntime().availableProcessors());
  }
}
