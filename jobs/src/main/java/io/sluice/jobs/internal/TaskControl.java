package io.sluice.jobs.internal;

import java.util.concurrent.CancellationException;

/** What a task asks its job between batches: may I go on? */
interface TaskControl {

  /**
   * @throws CancellationException if the job was cancelled or another task failed
   */
  void checkContinue();
}
