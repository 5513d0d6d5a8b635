package io.sluice.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.examples.ExampleUdfs;
import io.sluice.testkit.ArrowAllocatorExtension;
import io.sluice.wasidata.SqlType;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A query cancelled by interrupting its thread stops its running guest call at once, is reported as
 * cancelled (not as a timeout), and keeps its interrupt for its owner to see.
 */
class CancellationTest {

  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();

  private final UdfRuntime runtime = UdfRuntime.create();

  @AfterEach
  void close() {
    Thread.interrupted();
    runtime.close();
  }

  @Test
  void anInterruptedCallerGetsCancelledAndKeepsItsInterrupt(BufferAllocator allocator)
      throws Exception {
    UdfFunction loop = runtime.load(ExampleUdfs.hostile("infinite_loop")).function("infinite_loop");
    Thread caller = Thread.currentThread();
    try (UdfSession session = loop.session();
        FieldVector x = Columns.of(allocator, SqlType.BIGINT, 1L)) {
      Thread canceller =
          new Thread(
              () -> {
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
                caller.interrupt();
              });
      canceller.start();
      UdfException e =
          assertThrows(UdfException.class, () -> session.scalar(List.of(x), 1, allocator));
      canceller.join();
      assertEquals(UdfException.Category.CANCELLED, e.category());
      assertEquals(
          "function infinite_loop was cancelled in batch 0 [module "
              + loop.module().sha256().substring(0, 12)
              + "]",
          e.getMessage());
      assertTrue(Thread.interrupted(), "the owner's interrupt was swallowed");
    }
    assertEquals(0, loop.stats().timeouts());
    assertEquals(1, loop.stats().instancesDiscarded());
  }
}
