package io.sluice.jobs.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a job's threads: daemons (a job never keeps a finished program alive; the command line
 * waits for its job itself), named after the job, with 4 MiB of stack because guest code runs on
 * the calling thread and deep guest recursion uses the JVM's stack.
 */
final class TaskThreads implements ThreadFactory {
  private static final long STACK_BYTES = 4L << 20;

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  TaskThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(null, task, prefix + "-" + count.incrementAndGet(), STACK_BYTES);
    thread.setDaemon(true);
    return thread;
  }
}
