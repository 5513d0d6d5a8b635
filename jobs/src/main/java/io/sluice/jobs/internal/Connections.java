package io.sluice.jobs.internal;

import io.sluice.sql.SluiceDriver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Embedded JDBC connections to a data directory; all of a process's share one engine. */
public final class Connections {
  private Connections() {}

  /**
   * @param directory a data directory
   * @return a new connection; the caller closes it
   * @throws SQLException if the store cannot be opened (e.g. another process has it)
   */
  public static Connection open(Path directory) throws SQLException {
    return DriverManager.getConnection(SluiceDriver.PREFIX + directory);
  }
}
