package io.sluice.sql;

/**
 * Told when an engine opens a store and before it closes it, whatever opened it (an embedded JDBC
 * connection, {@code sluice sql}, {@code sluice server}, a job). Modules that keep state in the
 * store register one through {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/io.sluice.sql.EngineListener} file): the jobs module, for instance, recovers
 * from jobs a killed process left unfinished as soon as any entry point opens the store.
 */
public interface EngineListener {
  /**
   * The engine has opened its store; a failure here fails the open (and closes the engine).
   *
   * @param engine the engine
   */
  default void opened(SluiceEngine engine) {}

  /**
   * The engine is about to close; it is still usable here.
   *
   * @param engine the engine
   */
  default void closing(SluiceEngine engine) {}
}
