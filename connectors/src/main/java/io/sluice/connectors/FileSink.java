package io.sluice.connectors;

import io.sluice.connectors.internal.ArrowSinks;
import io.sluice.connectors.internal.TextSinks;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Opens a writer of a file in a format: CSV (FastCSV), newline-delimited JSON (Jackson), Parquet
 * (Arrow's native dataset writer) or Arrow IPC (Arrow's Java writer). The file appears, whole, when
 * the sink finishes; until then it is written under a hidden temporary name beside it.
 */
public final class FileSink {
  private FileSink() {}

  /**
   * @param target where the file goes (replaced if it exists, when the sink finishes)
   * @param schema the columns, of Sluice types
   * @param options format, compression and the text options
   * @param allocator memory for the Arrow writers
   * @return the open sink; finish it, and close it
   * @throws ConnectorException if an option does not apply to the format or the file cannot be
   *     created
   */
  public static BatchSink open(
      Path target, Schema schema, FileOptions options, BufferAllocator allocator) {
    FileFormat format = options.formatOf(target);
    options.checkApplies(format, true);
    return switch (format) {
      case CSV -> TextSinks.csv(target, schema, options);
      case JSON -> TextSinks.json(target, schema, options);
      case PARQUET -> ArrowSinks.parquet(target, schema, allocator);
      case ARROW -> ArrowSinks.ipc(target, schema, options, allocator);
    };
  }
}
