package io.sluice.sql.exec;

import io.sluice.connectors.BatchSource;
import io.sluice.connectors.FileSource;
import io.sluice.connectors.SourceStatistics;
import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanSpec;
import io.sluice.storage.ScanStatistics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Files read in place, as shard fragments read a table's shards: as many fragments as the machine
 * has cores. With at least that many files, each fragment reads whole files from a shared queue;
 * with fewer, the fragments share one reader per file, each taking the next batch (read under a
 * lock; Arrow's Parquet reader decodes on threads of its own) and processing it in parallel with
 * the others, so even one big file keeps every core busy with filters and wasm calls.
 *
 * @param files the files, their format, options and schema
 * @param call how the statement named them, for plans, e.g. {@code read_parquet('logs/*.parquet')}
 */
public record FileScanSource(FileSource files, String call) implements ScanSource {

  /** Rows per batch a file fragment reads: what a wasm call gets at once. */
  static final int BATCH_ROWS = 16_384;

  @Override
  public String describe() {
    return call;
  }

  @Override
  public Splits open(ExecutionEnvironment environment) {
    List<Path> paths = files.files().files();
    int fragments = Math.max(1, Runtime.getRuntime().availableProcessors());
    if (paths.size() >= fragments) {
      ConcurrentLinkedQueue<Path> queue = new ConcurrentLinkedQueue<>(paths);
      return new Splits() {
        @Override
        public int count() {
          return fragments;
        }

        @Override
        public ScanCursor open(int split, ScanSpec spec, BufferAllocator allocator) {
          return new FileQueueCursor(split, queue, spec, allocator);
        }
      };
    }
    Shared shared = new Shared(new ConcurrentLinkedQueue<>(paths));
    return new Splits() {
      @Override
      public int count() {
        return fragments;
      }

      @Override
      public ScanCursor open(int split, ScanSpec spec, BufferAllocator allocator) {
        return new SharedCursor(split, shared, spec, allocator);
      }
    };
  }

  private BatchSource openFile(Path file, ScanSpec spec, BufferAllocator allocator) {
    return files.open(
        List.of(file), spec.columns().orElse(null), spec.predicates(), allocator, BATCH_ROWS);
  }

  static ScanStatistics statistics(SourceStatistics s, long rowsReturned) {
    return new ScanStatistics(
        s.files(),
        s.rowGroups(),
        s.rowGroupsSkipped(),
        s.rowGroups() - s.rowGroupsSkipped(),
        0,
        s.bytesRead(),
        s.rowsRead(),
        rowsReturned);
  }

  /** A fragment that reads whole files, one after another, from a queue shared by all. */
  private final class FileQueueCursor implements ScanCursor {
    private final int split;
    private final ConcurrentLinkedQueue<Path> queue;
    private final ScanSpec spec;
    private final BufferAllocator allocator;
    private BatchSource current;
    private SourceStatistics done = SourceStatistics.NONE;
    private long returned;

    FileQueueCursor(
        int split, ConcurrentLinkedQueue<Path> queue, ScanSpec spec, BufferAllocator allocator) {
      this.split = split;
      this.queue = queue;
      this.spec = spec;
      this.allocator = allocator;
    }

    @Override
    public boolean next() {
      while (true) {
        if (current != null) {
          if (current.next()) {
            returned += current.batch().getRowCount();
            return true;
          }
          finish();
        }
        Path file = queue.poll();
        if (file == null) {
          return false;
        }
        current = openFile(file, spec, allocator);
      }
    }

    private void finish() {
      done = done.plus(current.statistics());
      current.close();
      current = null;
    }

    @Override
    public VectorSchemaRoot batch() {
      if (current == null) {
        throw new IllegalStateException("no current batch");
      }
      return current.batch();
    }

    @Override
    public int shard() {
      return split;
    }

    @Override
    public ScanStatistics statistics() {
      SourceStatistics all = current == null ? done : done.plus(current.statistics());
      return FileScanSource.statistics(all, returned);
    }

    @Override
    public void close() {
      if (current != null) {
        finish();
      }
    }
  }

  /** One reader per file at a time, shared by every fragment; each takes batches from it. */
  private final class Shared {
    private final ConcurrentLinkedQueue<Path> queue;
    private BatchSource current;
    private SourceStatistics done = SourceStatistics.NONE;
    private int open;
    private boolean reported;

    Shared(ConcurrentLinkedQueue<Path> queue) {
      this.queue = queue;
    }

    /**
     * Moves the next batch's vectors into the caller's allocator and returns them, or null at the
     * end of every file.
     */
    synchronized List<FieldVector> take(ScanSpec spec, BufferAllocator allocator) {
      while (true) {
        if (current == null) {
          Path file = queue.poll();
          if (file == null) {
            return null;
          }
          current = openFile(file, spec, allocator);
        }
        if (current.next()) {
          VectorSchemaRoot batch = current.batch();
          List<FieldVector> moved = new ArrayList<>();
          for (FieldVector vector : batch.getFieldVectors()) {
            TransferPair transfer = vector.getTransferPair(allocator);
            transfer.transfer();
            FieldVector to = (FieldVector) transfer.getTo();
            to.setValueCount(batch.getRowCount());
            moved.add(to);
          }
          return moved;
        }
        done = done.plus(current.statistics());
        current.close();
        current = null;
      }
    }

    synchronized void opened() {
      open++;
    }

    /** The source's totals go to the fragment that closes last, so they are counted once. */
    synchronized SourceStatistics closed() {
      open--;
      if (open == 0) {
        if (current != null) {
          done = done.plus(current.statistics());
          current.close();
          current = null;
        }
        if (!reported) {
          reported = true;
          return done;
        }
      }
      return SourceStatistics.NONE;
    }
  }

  /** A fragment taking batches from the shared reader. */
  private static final class SharedCursor implements ScanCursor {
    private final int split;
    private final Shared shared;
    private final ScanSpec spec;
    private final BufferAllocator allocator;
    private VectorSchemaRoot batch;
    private long returned;
    private SourceStatistics totals = SourceStatistics.NONE;
    private boolean closed;

    SharedCursor(int split, Shared shared, ScanSpec spec, BufferAllocator allocator) {
      this.split = split;
      this.shared = shared;
      this.spec = spec;
      this.allocator = allocator;
      shared.opened();
    }

    @Override
    public boolean next() {
      release();
      List<FieldVector> vectors = shared.take(spec, allocator);
      if (vectors == null) {
        return false;
      }
      batch = new VectorSchemaRoot(vectors);
      batch.setRowCount(vectors.isEmpty() ? 0 : vectors.get(0).getValueCount());
      returned += batch.getRowCount();
      return true;
    }

    private void release() {
      if (batch != null) {
        batch.close();
        batch = null;
      }
    }

    @Override
    public VectorSchemaRoot batch() {
      if (batch == null) {
        throw new IllegalStateException("no current batch");
      }
      return batch;
    }

    @Override
    public int shard() {
      return split;
    }

    @Override
    public ScanStatistics statistics() {
      if (!closed) {
        closed = true;
        totals = shared.closed();
      }
      return FileScanSource.statistics(totals, returned);
    }

    @Override
    public void close() {
      release();
      if (!closed) {
        closed = true;
        shared.closed();
      }
    }
  }
}
