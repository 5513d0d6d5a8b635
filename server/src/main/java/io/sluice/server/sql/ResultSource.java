package io.sluice.server.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The results of one execution, in order: one for a plain query, one per parameter row for a
 * prepared query bound to several rows. All have the same columns.
 */
public interface ResultSource {
  /**
   * @return the next result, or null when there are no more; the caller closes it
   * @throws SQLException if running the statement fails
   */
  ResultSet next() throws SQLException;

  /** Stops the running statement, from any thread; its result then fails or ends. */
  void cancel();

  /**
   * @return whether {@link #cancel()} was called; a stream checks it before every batch, so a
   *     cancelled result stops within one batch even where the engine itself does not notice
   */
  boolean cancelled();
}
