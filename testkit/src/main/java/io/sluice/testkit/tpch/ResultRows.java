package io.sluice.testkit.tpch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A query's rows, read through JDBC into values two engines can compare: integers as {@code long},
 * other numbers as {@code double}, dates and timestamps as their ISO text, everything else as its
 * string. Numbers compare within a relative tolerance, since engines sum doubles in different
 * orders.
 */
public final class ResultRows {
  /** The relative difference two numbers may have and still be equal. */
  public static final double TOLERANCE = 1e-9;

  private ResultRows() {}

  /**
   * Runs a query and reads all its rows.
   *
   * @param connection where to run it
   * @param sql the query
   * @return the rows, each a list of normalized values
   * @throws SQLException if the query fails
   */
  public static List<List<Object>> read(Connection connection, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      int columns = results.getMetaData().getColumnCount();
      while (results.next()) {
        List<Object> row = new ArrayList<>(columns);
        for (int c = 1; c <= columns; c++) {
          row.add(normalize(results.getObject(c)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static Object normalize(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.longValueExact();
    }
    if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().toString();
    }
    return value.toString();
  }

  /**
   * Where two results differ, or null when they are equal.
   *
   * @param expected the reference engine's rows
   * @param actual the rows under test
   * @param ordered whether row order matters (otherwise rows are matched as a multiset)
   * @return a description of the first difference, or null
   */
  public static String difference(
      List<List<Object>> expected, List<List<Object>> actual, boolean ordered) {
    if (expected.size() != actual.size()) {
      return "expected " + expected.size() + " rows, got " + actual.size() + preview(actual);
    }
    if (!ordered) {
      expected = sorted(expected);
      actual = sorted(actual);
    }
    for (int r = 0; r < expected.size(); r++) {
      List<Object> want = expected.get(r);
      List<Object> got = actual.get(r);
      if (want.size() != got.size()) {
        return "row " + r + ": expected " + want.size() + " columns, got " + got.size();
      }
      for (int c = 0; c < want.size(); c++) {
        if (!same(want.get(c), got.get(c))) {
          return "row " + r + ", column " + (c + 1) + ": expected " + want + ", got " + got;
        }
      }
    }
    return null;
  }

  private static String preview(List<List<Object>> rows) {
    return rows.isEmpty() ? "" : "; first: " + rows.get(0);
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
    return copy;
  }

  static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      double p = x.doubleValue();
      double q = y.doubleValue();
      if (p == q) {
        return true;
      }
      return Math.abs(p - q) <= TOLERANCE * Math.max(Math.abs(p), Math.abs(q));
    }
    return Objects.equals(a, b);
  }
}
