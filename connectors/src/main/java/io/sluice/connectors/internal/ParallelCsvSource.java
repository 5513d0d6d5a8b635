package io.sluice.connectors.internal;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.sluice.connectors.BatchSource;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.connectors.SourceStatistics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * One large CSV file read by several FastCSV readers at once, one per range of whole records
 * ({@link CsvSplits}), each on its own thread, their batches handed over through a bounded queue. A
 * single reader spent most of a load decoding and parsing on one core while the others waited. The
 * batches come in the order the readers produce them, each holding rows of one range in file order;
 * errors name the file's own lines. A file that cannot be cut safely is read by one reader.
 */
final class ParallelCsvSource extends ReadingSource {
  /** Files smaller than this are read by one reader: splitting them saves nothing. */
  static final long MIN_BYTES = 64L << 20;

  private static final Object END = new Object();

  private final Schema schema;
  private final List<CsvSource> readers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final BlockingQueue<Object> queue;
  private final BufferAllocator allocator;
  private final List<Throwable> failures = new ArrayList<>();
  private volatile boolean stopping;
  private int running;

  private ParallelCsvSource(
      List<CsvSource> readers, Schema schema, RowErrors errors, long size, BufferAllocator alloc) {
    super(errors, size);
    this.schema = schema;
    this.allocator = alloc;
    this.readers.addAll(readers);
    this.queue = new ArrayBlockingQueue<>(2 * readers.size());
  }

  /**
   * @param file an uncompressed CSV file
   * @param options read options
   * @param schema the file's columns, as the target reads them
   * @param columns the columns to read, or null for all
   * @param allocator where batches live
   * @param batchRows rows per batch
   * @param parts how many readers
   * @return the source: parallel when the file can be cut, else a single reader
   */
  static BatchSource open(
      Path file,
      FileOptions options,
      Schema schema,
      List<String> columns,
      BufferAllocator allocator,
      int batchRows,
      int parts) {
    CsvLayout layout = CsvLayout.of(file, options);
    List<CsvSplits.Split> splits = CsvSplits.of(file, layout.delimiter(), layout.quote(), parts);
    if (splits.size() < 2) {
      return new CsvSource(List.of(Input.of(file)), options, schema, columns, allocator, batchRows);
    }
    List<String> header = layout.header() ? header(file, layout) : null;
    List<CsvSource> readers = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      CsvSplits.Split split = splits.get(i);
      readers.add(
          new CsvSource(
              List.of(Input.range(file, split.start(), split.end())),
              options,
              schema,
              columns,
              allocator,
              batchRows,
              new CsvSource.Range(layout, header, i == 0 && layout.header(), split.linesBefore())));
    }
    ParallelCsvSource source =
        new ParallelCsvSource(
            readers,
            readers.get(0).schema(),
            new RowErrors(options.onError()),
            file.toFile().length(),
            allocator);
    source.start(file.getFileName().toString());
    return source;
  }

  /** The file's first record, as the single reader would read its header. */
  private static List<String> header(Path file, CsvLayout layout) {
    try (Reader text = InputFiles.text(file, new AtomicLong());
        CsvReader<CsvRecord> csv =
            CsvReader.builder()
                .fieldSeparator(layout.delimiter())
                .quoteCharacter(layout.quote())
                .ofCsvRecord(text)) {
      Iterator<CsvRecord> records = csv.iterator();
      return records.hasNext() ? List.copyOf(records.next().getFields()) : List.of();
    } catch (IOException | UncheckedIOException e) {
      throw new ConnectorException(file.getFileName() + ": reading failed: " + e.getMessage(), e);
    }
  }

  private void start(String name) {
    for (int i = 0; i < readers.size(); i++) {
      CsvSource reader = readers.get(i);
      Thread thread = new Thread(() -> read(reader), "sluice-csv-" + name + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    running = threads.size();
    threads.forEach(Thread::start);
  }

  /** A reader's thread: its batches, moved into new roots, then END or its failure. */
  private void read(CsvSource reader) {
    Object last = END;
    try {
      while (!stopping && reader.next()) {
        VectorSchemaRoot moved = move(reader.batch());
        if (!offer(moved)) {
          moved.close();
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      last = e;
    }
    while (!offer(last)) {
      if (stopping) {
        return;
      }
    }
  }

  private boolean offer(Object item) {
    try {
      while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
        if (stopping) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The batch's vectors moved (not copied) into a root the consumer owns. */
  private VectorSchemaRoot move(VectorSchemaRoot batch) {
    List<FieldVector> vectors = new ArrayList<>();
    for (FieldVector vector : batch.getFieldVectors()) {
      TransferPair transfer = vector.getTransferPair(allocator);
      transfer.transfer();
      vectors.add((FieldVector) transfer.getTo());
    }
    return new VectorSchemaRoot(batch.getSchema().getFields(), vectors, batch.getRowCount());
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean next() {
    releaseBatch();
    while (running > 0) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectorException("reading was interrupted", e);
      }
      if (item instanceof VectorSchemaRoot root) {
        batch = root;
        return true;
      }
      running--;
      if (item instanceof RuntimeException e) {
        stop();
        throw e;
      }
      if (item instanceof Error e) {
        stop();
        throw e;
      }
    }
    return false;
  }

  @Override
  protected long bytesRead() {
    long bytes = 0;
    for (CsvSource reader : readers) {
      bytes += reader.statistics().bytesRead();
    }
    return bytes;
  }

  @Override
  public SourceStatistics statistics() {
    long skipped = 0;
    long read = 0;
    for (CsvSource reader : readers) {
      SourceStatistics part = reader.statistics();
      skipped += part.rowsSkipped();
      read += part.rowsRead();
    }
    return new SourceStatistics(1, bytesRead(), totalBytes, read, skipped, 0, 0);
  }

  @Override
  public List<String> skippedReasons() {
    List<String> reasons = new ArrayList<>();
    for (CsvSource reader : readers) {
      for (String reason : reader.skippedReasons()) {
        if (reasons.size() < RowErrors.KEPT) {
          reasons.add(reason);
        }
      }
    }
    return reasons;
  }

  /** Stops the readers and frees what they queued. */
  private void stop() {
    stopping = true;
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        drain();
        try {
          thread.join(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    drain();
    for (CsvSource reader : readers) {
      reader.close();
    }
  }

  private void drain() {
    Object item;
    while ((item = queue.poll()) != null) {
      if (item instanceof VectorSchemaRoot root) {
        root.close();
      }
    }
  }

  @Override
  public void close() {
    releaseBatch();
    stop();
  }
}
