package io.sluice.jobs;

import io.sluice.jobs.internal.Connections;
import io.sluice.sql.SluiceDriver;
import io.sluice.sql.SluiceEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A data directory opened for batch jobs: the entry point of the Java API.
 *
 * <pre>{@code
 * try (Sluice sluice = Sluice.open(Path.of("sluice-data"))) {
 *   Path wc = Path.of("examples/udfs/jobs/wordcount.wasm");
 *   JobStatus done = sluice.dataset("docs")
 *       .map(wc, "map_words")
 *       .combine(wc, "sum_counts")
 *       .reduceByKey(wc, "sum_counts")
 *       .writeTo("word_counts");
 * }
 * }</pre>
 *
 * <p>It holds one embedded JDBC connection, so it shares the process's engine of the directory with
 * every other connection (SQL can read the output as soon as the job publishes it). Closing it does
 * not stop running jobs; they hold the engine until they end.
 */
public final class Sluice implements AutoCloseable {
  private final Connection connection;
  private final SluiceEngine engine;
  private final Jobs jobs;

  private Sluice(Connection connection, SluiceEngine engine) {
    this.connection = connection;
    this.engine = engine;
    this.jobs = Jobs.of(engine);
  }

  /**
   * Opens (creating if needed) the store in a directory.
   *
   * @param directory the data directory
   * @return the open directory
   * @throws SQLException if the store cannot be opened, e.g. another process has it
   */
  public static Sluice open(Path directory) throws SQLException {
    Connection connection = Connections.open(directory);
    try {
      return new Sluice(connection, SluiceDriver.engine(connection));
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * @param table a table of the store
   * @return a job reading it, one map task per shard
   */
  public Dataset dataset(String table) {
    return new Dataset(jobs, JobInput.table(table));
  }

  /**
   * @param sql a query
   * @return a job reading its rows, split into one map task per reduce partition
   */
  public Dataset query(String sql) {
    return new Dataset(jobs, JobInput.query(sql));
  }

  /**
   * @param input a table or a query
   * @return a job reading it
   */
  public Dataset input(JobInput input) {
    return new Dataset(jobs, input);
  }

  /**
   * @return the store's jobs: list, status, cancel
   */
  public Jobs jobs() {
    return jobs;
  }

  /**
   * @return the JDBC connection, to run SQL on the same engine
   */
  public Connection connection() {
    return connection;
  }

  /**
   * @return the engine
   */
  public SluiceEngine engine() {
    return engine;
  }

  /** Closes the connection; the engine closes when its last user (connection or job) is done. */
  @Override
  public void close() throws SQLException {
    try {
      connection.close();
    } finally {
      Jobs.forgetIfClosed(engine);
    }
  }
}
