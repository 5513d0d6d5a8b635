package io.sluice.jobs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Reading a job's output back through SQL, as a user would. */
final class JobTestSupport {
  private JobTestSupport() {}

  /**
   * @return the output's rows as key to value (both as SQL returns them)
   */
  static Map<Object, Object> read(Connection connection, String table) throws SQLException {
    Map<Object, Object> rows = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
      while (result.next()) {
        Object previous = rows.put(result.getObject(1), result.getObject(2));
        if (previous != null) {
          throw new AssertionError("key " + result.getObject(1) + " twice in " + table);
        }
      }
    }
    return rows;
  }
}
