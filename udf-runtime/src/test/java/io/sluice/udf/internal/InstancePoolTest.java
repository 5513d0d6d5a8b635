package io.sluice.udf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.udf.Compilation;
import io.sluice.udf.ExecutionMode;
import io.sluice.udf.UdfStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InstancePoolTest {

  /** A stand-in instance: a counter of resets and a flag set when discarded. */
  static final class Fake {
    int resets;
    boolean discarded;
  }

  private final StatsRecorder stats =
      new StatsRecorder(
          "f",
          "00",
          new Compilation(
              ExecutionMode.COMPILED, List.of(), "", Compilation.Source.COMPILER, Duration.ZERO));
  private final List<Fake> created = new ArrayList<>();
  private final AtomicBoolean resetSucceeds = new AtomicBoolean(true);

  private InstancePool<Fake> pool(int maxIdle) {
    return new InstancePool<>(
        new InstancePool.Lifecycle<>() {
          @Override
          public Fake create() {
            Fake fake = new Fake();
            created.add(fake);
            return fake;
          }

          @Override
          public boolean reset(Fake instance) {
            instance.resets++;
            return resetSucceeds.get();
          }

          @Override
          public void discard(Fake instance) {
            instance.discarded = true;
          }
        },
        maxIdle,
        stats);
  }

  @Test
  void aReleasedInstanceIsResetThenReused() {
    InstancePool<Fake> pool = pool(2);
    Fake first = pool.acquire();
    pool.release(first, true);
    Fake second = pool.acquire();
    assertSame(first, second);
    assertEquals(1, first.resets);
    UdfStats s = stats.snapshot();
    assertEquals(1, s.poolHits());
    assertEquals(1, s.poolMisses());
    assertEquals(1, s.instancesCreated());
  }

  @Test
  void aFailedInstanceIsDiscardedNeverReset() {
    InstancePool<Fake> pool = pool(2);
    Fake broken = pool.acquire();
    pool.release(broken, false);
    assertTrue(broken.discarded);
    assertEquals(0, broken.resets);
    assertNotSame(broken, pool.acquire());
    assertEquals(1, stats.snapshot().instancesDiscarded());
  }

  @Test
  void anInstanceThatCannotBeResetIsDiscarded() {
    InstancePool<Fake> pool = pool(2);
    resetSucceeds.set(false);
    Fake instance = pool.acquire();
    pool.release(instance, true);
    assertTrue(instance.discarded);
    assertEquals(0, pool.idleCount());
  }

  @Test
  void surplusInstancesAreDiscardedBeyondTheIdleBound() {
    InstancePool<Fake> pool = pool(1);
    Fake a = pool.acquire();
    Fake b = pool.acquire();
    pool.release(a, true);
    pool.release(b, true);
    assertEquals(1, pool.idleCount());
    assertTrue(b.discarded);
  }

  @Test
  void closingDiscardsIdleInstancesAndLaterReleases() {
    InstancePool<Fake> pool = pool(2);
    Fake idle = pool.acquire();
    Fake held = pool.acquire();
    pool.release(idle, true);
    pool.close();
    assertTrue(idle.discarded);
    pool.release(held, true);
    assertTrue(held.discarded);
    assertThrows(IllegalStateException.class, pool::acquire);
  }
}
