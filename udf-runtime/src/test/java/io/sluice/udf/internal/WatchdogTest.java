package io.sluice.udf.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchdogTest {

  private final Watchdog watchdog = new Watchdog();

  @AfterEach
  void stop() {
    watchdog.close();
    Thread.interrupted();
  }

  @Test
  void aCallThatEndsInTimeIsNeverInterrupted() throws Exception {
    try (Deadline deadline = watchdog.arm(Duration.ofMillis(20))) {
      assertFalse(deadline.fired());
    }
    Thread.sleep(60);
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void aLateCallIsInterruptedAndTheFlagDoesNotLeak() {
    Deadline deadline = watchdog.arm(Duration.ofMillis(10));
    while (!Thread.currentThread().isInterrupted()) {
      Thread.onSpinWait();
    }
    assertTrue(deadline.fired());
    deadline.close();
    assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt leaked");
    assertTrue(deadline.fired());
  }

  @Test
  void anInterruptFromTheCallersOwnerIsLeftAlone() {
    try (Deadline deadline = watchdog.arm(Duration.ofSeconds(10))) {
      Thread.currentThread().interrupt();
      assertFalse(deadline.fired());
    }
    assertTrue(Thread.interrupted(), "the owner's interrupt was swallowed");
  }
}
