package io.sluice.connectors.internal;

import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads files whose readers produce Arrow batches of the file's own types (Parquet through Arrow's
 * dataset scanner, Arrow IPC through Arrow's Java reader), one file after the other, conforming
 * each batch to the target schema.
 */
abstract class ArrowFileSource extends ReadingSource {
  protected final List<Path> files;
  protected final FileOptions options;
  protected final Schema target;
  protected final BufferAllocator allocator;

  private int fileIndex = -1;
  private ConformingReader conformer;
  protected long bytesRead;
  protected long rowGroups;
  protected long rowGroupsSkipped;

  ArrowFileSource(List<Path> files, FileOptions options, Schema target, BufferAllocator allocator) {
    super(new RowErrors(options.onError()), sizeOf(files));
    this.files = files;
    this.options = options;
    this.target = target;
    this.allocator = allocator;
  }

  private static long sizeOf(List<Path> files) {
    long total = 0;
    for (Path file : files) {
      total += file.toFile().length();
    }
    return total;
  }

  @Override
  protected long bytesRead() {
    return bytesRead;
  }

  @Override
  protected long rowGroups() {
    return rowGroups;
  }

  @Override
  protected long rowGroupsSkipped() {
    return rowGroupsSkipped;
  }

  /**
   * Opens a file for reading the given columns of it.
   *
   * @param file the file
   * @param fileSchema the file's schema
   * @param columns the file's columns to read, in the order the batches should have them
   */
  protected abstract void open(Path file, Schema fileSchema, List<String> columns);

  /**
   * @param file a file
   * @return its schema as its reader produces it
   */
  protected abstract Schema fileSchema(Path file);

  /**
   * @return the next raw batch of the open file, or null at its end; it stays the reader's
   */
  protected abstract VectorSchemaRoot nextRaw();

  /** Closes the open file. */
  protected abstract void closeFile();

  @Override
  public Schema schema() {
    return target;
  }

  @Override
  public boolean next() {
    releaseBatch();
    while (true) {
      if (conformer == null && !openNextFile()) {
        return false;
      }
      VectorSchemaRoot raw;
      try {
        raw = nextRaw();
      } catch (ConnectorException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ConnectorException(
            name() + ": reading failed (is the file truncated or damaged?): " + message(e), e);
      }
      if (raw == null) {
        closeFile();
        conformer = null;
        continue;
      }
      if (raw.getRowCount() == 0) {
        continue;
      }
      rowsRead += raw.getRowCount();
      VectorSchemaRoot conformed = conformer.conform(raw, allocator);
      if (conformed.getRowCount() == 0) {
        conformed.close();
        continue;
      }
      batch = conformed;
      return true;
    }
  }

  static String message(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.toString() : message.strip();
  }

  protected String name() {
    return files.get(Math.max(0, fileIndex)).getFileName().toString();
  }

  private boolean openNextFile() {
    if (++fileIndex >= files.size()) {
      return false;
    }
    Path file = files.get(fileIndex);
    filesOpened++;
    bytesRead += file.toFile().length();
    Schema full = fileSchema(file);
    ConformingReader probe = new ConformingReader(name(), full, target, options, errors);
    int[] sources = probe.sourceColumns();
    List<String> columns = new ArrayList<>();
    List<Field> projected = new ArrayList<>();
    List<Integer> seen = new ArrayList<>();
    for (int source : sources) {
      if (!seen.contains(source)) {
        seen.add(source);
        columns.add(full.getFields().get(source).getName());
        projected.add(full.getFields().get(source));
      }
    }
    // Batches carry just the columns read, in this order; conform against that schema.
    Schema projectedSchema = new Schema(projected);
    List<Field> renamed = new ArrayList<>();
    for (int c = 0; c < sources.length; c++) {
      renamed.add(target.getFields().get(c));
    }
    conformer = new ConformingReader(name(), projectedSchema, new Schema(renamed), options, errors);
    open(file, full, columns);
    return true;
  }

  @Override
  public void close() {
    releaseBatch();
    if (conformer != null) {
      conformer = null;
      closeFile();
    }
    fileIndex = files.size();
  }
}
