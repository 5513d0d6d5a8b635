package io.sluice.connectors.internal;

import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads Arrow IPC files with Arrow's Java reader: the file format (Feather v2, magic {@code
 * ARROW1}) or the stream format, LZ4- or ZSTD-compressed buffers included.
 */
public final class ArrowIpcSource extends ArrowFileSource {
  private ArrowReader reader;
  private List<String> columns;

  /**
   * @param files the files, read in order
   * @param options the read options
   * @param target the columns to produce
   * @param allocator where batches live
   */
  public ArrowIpcSource(
      List<Path> files, FileOptions options, Schema target, BufferAllocator allocator) {
    super(files, options, target, allocator);
  }

  /**
   * @param file an Arrow IPC file
   * @param allocator memory for reading its schema
   * @return its schema
   */
  public static Schema inspect(Path file, BufferAllocator allocator) {
    try (ArrowReader reader = open(file, allocator)) {
      return reader.getVectorSchemaRoot().getSchema();
    } catch (IOException | RuntimeException e) {
      throw new ConnectorException(
          file.getFileName() + ": not a readable Arrow IPC file: " + message(e), e);
    }
  }

  private static ArrowReader open(Path file, BufferAllocator allocator) throws IOException {
    byte[] magic = new byte[6];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(magic, 0, 6);
      if (n == 6
          && new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("ARROW1")) {
        return new ArrowFileReader(
            FileChannel.open(file, StandardOpenOption.READ),
            allocator,
            CommonsCompressionFactory.INSTANCE);
      }
    }
    return new ArrowStreamReader(
        Files.newInputStream(file), allocator, CommonsCompressionFactory.INSTANCE);
  }

  @Override
  protected Schema fileSchema(Path file) {
    return inspect(file, allocator);
  }

  @Override
  protected void open(Path file, Schema fileSchema, List<String> columns) {
    this.columns = columns;
    try {
      reader = open(file, allocator);
    } catch (IOException e) {
      throw new ConnectorException(file.getFileName() + ": cannot be read: " + message(e), e);
    }
  }

  @Override
  protected VectorSchemaRoot nextRaw() {
    try {
      if (!reader.loadNextBatch()) {
        return null;
      }
      rowGroups++;
      VectorSchemaRoot all = reader.getVectorSchemaRoot();
      // The reader decodes every column; hand on the ones asked for, in their order.
      List<org.apache.arrow.vector.FieldVector> picked = new java.util.ArrayList<>();
      for (String column : columns) {
        picked.add(all.getVector(column));
      }
      return new VectorSchemaRoot(
          picked.stream().map(org.apache.arrow.vector.FieldVector::getField).toList(),
          picked,
          all.getRowCount());
    } catch (IOException e) {
      throw new ConnectorException(
          name() + ": reading failed (is the file truncated or damaged?): " + message(e), e);
    }
  }

  @Override
  protected void closeFile() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        throw new ConnectorException(name() + ": closing failed: " + message(e), e);
      } finally {
        reader = null;
      }
    }
  }
}
