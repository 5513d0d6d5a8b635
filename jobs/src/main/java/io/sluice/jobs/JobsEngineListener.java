package io.sluice.jobs;

import io.sluice.sql.EngineListener;
import io.sluice.sql.SluiceEngine;

/**
 * Recovers a store's unfinished jobs as soon as any entry point opens it ({@code sluice sql},
 * {@code shell}, {@code server}, embedded JDBC, a job), not only when a job command does; and
 * forgets the engine's jobs when it closes. Registered through {@code
 * META-INF/services/io.sluice.sql.EngineListener}.
 */
public final class JobsEngineListener implements EngineListener {
  /** Made by {@link java.util.ServiceLoader}. */
  public JobsEngineListener() {}

  @Override
  public void opened(SluiceEngine engine) {
    Jobs.of(engine);
  }

  @Override
  public void closing(SluiceEngine engine) {
    Jobs.forget(engine);
  }
}
