package io.sluice.connectors.internal;

import io.sluice.connectors.BatchSink;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writers of the Arrow-native formats: Arrow IPC files with Arrow's Java writer (LZ4 or ZSTD buffer
 * compression), Parquet with Arrow's native dataset writer, fed through a bounded queue from a
 * writer thread.
 */
public final class ArrowSinks {
  private ArrowSinks() {}

  /**
   * @param target the file to write
   * @param schema the columns
   * @param options compression
   * @param allocator memory for the writer
   * @return an Arrow IPC file sink
   */
  public static BatchSink ipc(
      Path target, Schema schema, FileOptions options, BufferAllocator allocator) {
    return new Ipc(target, schema, options, allocator);
  }

  /**
   * @param target the file to write
   * @param schema the columns
   * @param allocator memory for the writer
   * @return a Parquet file sink
   */
  public static BatchSink parquet(Path target, Schema schema, BufferAllocator allocator) {
    return new Parquet(target, schema, allocator);
  }

  private static final class Ipc implements BatchSink {
    private final TempOutput output;
    private final VectorSchemaRoot root;
    private final VectorLoader loader;
    private final FileChannel channel;
    private final ArrowFileWriter writer;
    private long rows;
    private boolean done;

    Ipc(Path target, Schema schema, FileOptions options, BufferAllocator allocator) {
      this.output = new TempOutput(target);
      CompressionUtil.CodecType codec =
          options.compression() == FileOptions.Compression.LZ4
              ? CompressionUtil.CodecType.LZ4_FRAME
              : options.compression() == FileOptions.Compression.ZSTD
                  ? CompressionUtil.CodecType.ZSTD
                  : CompressionUtil.CodecType.NO_COMPRESSION;
      this.root = VectorSchemaRoot.create(schema, allocator);
      this.loader = new VectorLoader(root);
      try {
        channel =
            FileChannel.open(
                output.temp(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writer =
            codec == CompressionUtil.CodecType.NO_COMPRESSION
                ? new ArrowFileWriter(root, null, channel)
                : new ArrowFileWriter(
                    root,
                    null,
                    channel,
                    null,
                    IpcOption.DEFAULT,
                    CommonsCompressionFactory.INSTANCE,
                    codec);
        writer.start();
      } catch (IOException e) {
        root.close();
        output.discard();
        throw new ConnectorException("writing " + target + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
      try (ArrowRecordBatch unloaded = new VectorUnloader(batch).getRecordBatch()) {
        loader.load(unloaded);
        writer.writeBatch();
      } catch (IOException e) {
        throw new ConnectorException("writing " + output.target() + " failed: " + e, e);
      }
      rows += batch.getRowCount();
    }

    @Override
    public long rows() {
      return rows;
    }

    @Override
    public long finish() {
      try {
        writer.end();
        writer.close();
        channel.close();
      } catch (IOException e) {
        close();
        throw new ConnectorException("writing " + output.target() + " failed: " + e, e);
      } finally {
        root.close();
      }
      done = true;
      return output.commit();
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        try {
          writer.close();
          channel.close();
        } catch (IOException | RuntimeException e) {
          // Thrown away anyway.
        }
        root.close();
        output.discard();
      }
    }
  }

  /**
   * Parquet through Arrow's dataset writer, which pulls batches from an {@link ArrowReader} on its
   * own thread: {@link #write} copies each batch (one copy per buffer) into the sink's own
   * allocator and hands it over through a bounded queue, so memory stays at a few batches whatever
   * the size of the file. The native writer releases the last batches it exported a moment after it
   * returns, on a thread of its own; the sink's own allocator waits for that before it closes, so
   * the caller's allocator never holds memory native code still has.
   */
  private static final class Parquet implements BatchSink {
    private static final Object END = new Object();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Parquet.class);

    private final BufferAllocator own;
    private final TempOutput output;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
    private final Thread thread;
    private volatile Throwable failure;
    private long rows;
    private boolean done;

    Parquet(Path target, Schema schema, BufferAllocator allocator) {
      this.output = new TempOutput(target);
      // A sibling of the caller's allocator under the same root (Arrow's C bridge needs that),
      // closed only once native code let go of everything.
      this.own =
          allocator
              .getRoot()
              .newChildAllocator("parquet-writer-" + target.getFileName(), 0, Long.MAX_VALUE);
      QueueReader reader = new QueueReader(own, schema, queue);
      String uri = output.temp().toAbsolutePath().toUri().toString();
      this.thread =
          new Thread(
              () -> {
                try (reader) {
                  // The C stream structs live in the sink's allocator too: native code frees
                  // them on its own threads, after write returns.
                  DatasetFileWriter.write(
                      own, reader, FileFormat.PARQUET, uri, new String[0], 1, "part-{i}.parquet");
                } catch (Throwable e) {
                  failure = e;
                  reader.drain();
                }
              },
              "sluice-parquet-writer");
      thread.setDaemon(true);
      thread.start();
    }

    private void put(Object item) {
      try {
        while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
          if (failure != null || !thread.isAlive()) {
            if (item instanceof ArrowRecordBatch batch) {
              batch.close();
            }
            throw failed();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (item instanceof ArrowRecordBatch batch) {
          batch.close();
        }
        throw new ConnectorException("writing " + output.target() + " was interrupted", e);
      }
    }

    private ConnectorException failed() {
      Throwable cause = failure;
      return new ConnectorException(
          "writing "
              + output.target()
              + " failed: "
              + (cause == null ? "the writer stopped" : ArrowFileSource.message(cause)),
          cause);
    }

    @Override
    public void write(VectorSchemaRoot batch) {
      if (failure != null) {
        throw failed();
      }
      if (batch.getRowCount() == 0) {
        return;
      }
      put(copy(batch));
      rows += batch.getRowCount();
    }

    /** The batch's buffers copied into the sink's allocator, as a record batch. */
    private ArrowRecordBatch copy(VectorSchemaRoot batch) {
      try (ArrowRecordBatch unloaded = new VectorUnloader(batch).getRecordBatch()) {
        List<org.apache.arrow.memory.ArrowBuf> copies = new java.util.ArrayList<>();
        try {
          for (org.apache.arrow.memory.ArrowBuf buffer : unloaded.getBuffers()) {
            long size = buffer.readableBytes();
            org.apache.arrow.memory.ArrowBuf copy = own.buffer(size);
            copy.setBytes(0, buffer, buffer.readerIndex(), size);
            copy.writerIndex(size);
            copies.add(copy);
          }
          return new ArrowRecordBatch(unloaded.getLength(), unloaded.getNodes(), copies);
        } finally {
          copies.forEach(org.apache.arrow.memory.ArrowBuf::close); // the record batch retains them
        }
      }
    }

    /** Closes the sink's allocator once native code released what it was handed. */
    private void releaseOwn() {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (own.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (own.getAllocatedMemory() > 0) {
        LOG.warn(
            "Arrow's Parquet writer still holds {} bytes 10 s after it finished; leaving them to it",
            own.getAllocatedMemory());
        return;
      }
      own.close();
    }

    @Override
    public long rows() {
      return rows;
    }

    @Override
    public long finish() {
      put(END);
      join();
      releaseOwn();
      done = true;
      if (failure != null) {
        output.discard();
        throw failed();
      }
      try (Stream<Path> parts = Files.list(output.temp())) {
        List<Path> files = parts.sorted().toList();
        if (files.size() != 1) {
          output.discard();
          throw new ConnectorException(
              "writing " + output.target() + " failed: the writer made " + files.size() + " files");
        }
        Files.move(
            files.get(0), output.temp().resolveSibling(output.temp().getFileName() + ".part"));
        Files.delete(output.temp());
        Files.move(
            output.temp().resolveSibling(output.temp().getFileName() + ".part"), output.temp());
      } catch (IOException e) {
        output.discard();
        throw new ConnectorException("writing " + output.target() + " failed: " + e, e);
      }
      return output.commit();
    }

    private void join() {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectorException("writing " + output.target() + " was interrupted", e);
      }
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        failure = failure == null ? new IllegalStateException("abandoned") : failure;
        for (Object item; (item = queue.poll()) != null; ) {
          if (item instanceof ArrowRecordBatch batch) {
            batch.close();
          }
        }
        queue.offer(END);
        try {
          thread.join(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        releaseOwn();
        output.discard();
      }
    }
  }

  /** An ArrowReader whose batches come from a queue that a writer fills. */
  private static final class QueueReader extends ArrowReader {
    private final Schema schema;
    private final BlockingQueue<Object> queue;

    QueueReader(BufferAllocator allocator, Schema schema, BlockingQueue<Object> queue) {
      super(allocator);
      this.schema = schema;
      this.queue = queue;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (item == Parquet.END) {
        return false;
      }
      try (ArrowRecordBatch batch = (ArrowRecordBatch) item) {
        loadRecordBatch(batch);
      }
      return true;
    }

    void drain() {
      for (Object item; (item = queue.poll()) != null; ) {
        if (item instanceof ArrowRecordBatch batch) {
          batch.close();
        }
      }
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {
      drain();
    }

    @Override
    protected Schema readSchema() {
      return schema;
    }
  }
}
