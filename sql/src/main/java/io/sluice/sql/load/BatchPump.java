package io.sluice.sql.load;

import io.sluice.connectors.BatchSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Reads a source on a thread of its own while the caller writes what it read, so parsing a file and
 * encoding chunks run on two cores at once: the reader hands batches over through a queue of two,
 * moving (not copying) their buffers.
 */
final class BatchPump {
  private static final Object END = new Object();

  private BatchPump() {}

  /**
   * @param source the source, read to its end (or until the sink fails); not closed here
   * @param allocator where handed-over batches live
   * @param executor runs the reader
   * @param sink takes each batch (and may empty it); runs on the calling thread
   * @param cancelled polled between batches
   * @return rows handed to the sink
   */
  static long run(
      BatchSource source,
      BufferAllocator allocator,
      ExecutorService executor,
      Consumer<VectorSchemaRoot> sink,
      BooleanSupplier cancelled) {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    Stop stop = new Stop();
    Future<?> reader =
        executor.submit(
            () -> {
              Object last = END;
              try {
                while (!stop.requested && source.next()) {
                  VectorSchemaRoot batch = source.batch();
                  List<FieldVector> moved = new ArrayList<>();
                  for (FieldVector vector : batch.getFieldVectors()) {
                    TransferPair transfer = vector.getTransferPair(allocator);
                    transfer.transfer();
                    FieldVector to = (FieldVector) transfer.getTo();
                    to.setValueCount(batch.getRowCount());
                    moved.add(to);
                  }
                  VectorSchemaRoot handed = new VectorSchemaRoot(moved);
                  handed.setRowCount(batch.getRowCount());
                  if (!offer(queue, handed, stop)) {
                    handed.close();
                  }
                }
              } catch (Throwable e) {
                last = e;
              }
              offer(queue, last, stop);
            });
    long rows = 0;
    try {
      while (true) {
        if (cancelled.getAsBoolean()) {
          throw new IllegalStateException("the statement was cancelled");
        }
        Object item = queue.poll(50, TimeUnit.MILLISECONDS);
        if (item == null) {
          continue;
        }
        if (item == END) {
          return rows;
        }
        if (item instanceof Throwable failure) {
          if (failure instanceof RuntimeException e) {
            throw e;
          }
          if (failure instanceof Error e) {
            throw e;
          }
          throw new IllegalStateException(failure);
        }
        try (VectorSchemaRoot batch = (VectorSchemaRoot) item) {
          rows += batch.getRowCount();
          sink.accept(batch);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading", e);
    } finally {
      stop.requested = true;
      drain(queue);
      try {
        reader.get();
      } catch (Exception e) {
        // Its failure, if any, was handed over already or the pump is failing anyway.
      }
      drain(queue);
    }
  }

  private static void drain(BlockingQueue<Object> queue) {
    for (Object item; (item = queue.poll()) != null; ) {
      if (item instanceof VectorSchemaRoot batch) {
        batch.close();
      }
    }
  }

  private static boolean offer(BlockingQueue<Object> queue, Object item, Stop stop) {
    try {
      while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
        if (stop.requested) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Set when the writing side gives up, so the reader stops. */
  private static final class Stop {
    volatile boolean requested;
  }
}
