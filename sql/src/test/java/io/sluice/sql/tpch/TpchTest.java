package io.sluice.sql.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.tpch.ResultRows;
import io.sluice.testkit.tpch.Tpch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries at scale factor 0.01, on Sluice and on DuckDB over the same generated files:
 * every result must be DuckDB's, and no plan may join two tables without a key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchTest {
  @TempDir static Path directory;
  private Connection sluice;
  private Connection duck;

  @BeforeAll
  void load() throws Exception {
    Map<String, Path> files = Tpch.writeFiles(0.01, directory.resolve("files"));
    sluice = DriverManager.getConnection("jdbc:sluice:" + directory.resolve("data"));
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = sluice.createStatement();
        Statement d = duck.createStatement()) {
      for (Map.Entry<String, Path> file : files.entrySet()) {
        String table = file.getKey();
        s.execute(
            Tpch.createTable(table, "DISTRIBUTED BY (" + Tpch.keyColumn(table) + ") SHARDS 4"));
        s.execute(
            "COPY " + table + " FROM '" + file.getValue() + "' WITH (delimiter = '|', header)");
        d.execute(Tpch.createTable(table, ""));
        d.execute("COPY " + table + " FROM '" + file.getValue() + "' (DELIMITER '|', HEADER)");
      }
    }
  }

  @AfterAll
  void close() throws SQLException {
    sluice.close();
    duck.close();
  }

  @Test
  void orBranchesSharingAJoinKeyBecomeAnEquiJoin() throws SQLException {
    // Q19: each OR branch repeats p_partkey = l_partkey; it must be the hash or merge key.
    String plan = explain(Tpch.query(19));
    assertFalse(plan.contains("NestedLoopJoin"), plan);
    assertTrue(
        Pattern.compile("Join\\(condition=\\[AND\\(=\\(\\$\\d+, \\$\\d+\\), OR")
            .matcher(plan)
            .find(),
        plan);
    // Each side keeps only rows some branch could match: the part scan filters on brands.
    assertTrue(plan.contains("'Brand#12'"), plan);
  }

  @Test
  void anOrAcrossTwoTablesFiltersEachScan() throws SQLException {
    // Q7: (n1 = FRANCE AND n2 = GERMANY) OR (n1 = GERMANY AND n2 = FRANCE) implies a filter on
    // each nation scan.
    String plan = explain(Tpch.query(7));
    Matcher scans =
        Pattern.compile("ShardFilter\\(condition=\\[SEARCH\\(\\$1, Sarg\\['FRANCE'.*'GERMANY'")
            .matcher(plan);
    int filtered = 0;
    while (scans.find()) {
      filtered++;
    }
    assertEquals(2, filtered, plan);
  }

  @Test
  void joinOrdersFollowDistinctCounts() throws SQLException {
    // Q5: customer and supplier share only 25 nation keys; joined first, they multiply (each
    // lineitem then matches every customer of its supplier's nation). The loads' distinct counts
    // make customer join last, on both its keys.
    String plan = explain(Tpch.query(5));
    List<String> lines = List.of(plan.split("\n"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("Join(condition=[=(")) {
        List<String> tables = scannedTables(lines, i);
        assertFalse(
            tables.contains("customer")
                && tables.contains("supplier")
                && !tables.contains("orders"),
            "customer joined to supplier on nation alone:\n" + plan);
      }
    }
  }

  /** The tables scanned below a plan line. */
  private static List<String> scannedTables(List<String> lines, int node) {
    List<String> tables = new java.util.ArrayList<>();
    Matcher scan = Pattern.compile("TableScan\\(table=\\[\\[sluice, (\\w+)\\]\\]").matcher("");
    for (int i = node + 1;
        i < lines.size() && indent(lines.get(i)) > indent(lines.get(node));
        i++) {
      if (scan.reset(lines.get(i)).find()) {
        tables.add(scan.group(1));
      }
    }
    return tables;
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void noQueryJoinsWithoutAKey(int number) throws SQLException {
    // A join without an equi-key is a cross product; only a one-row side (a scalar subquery's
    // aggregate) may have one.
    String plan = explain(Tpch.query(number));
    List<String> lines = List.of(plan.split("\n"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("NestedLoopJoin")) {
        assertTrue(hasOneRowInput(lines, i), "Q" + number + " has a cross product:\n" + plan);
      }
    }
  }

  /** Whether a plan line's operator has an input that is a global aggregate, under calcs. */
  private static boolean hasOneRowInput(List<String> lines, int join) {
    int depth = indent(lines.get(join));
    for (int i = join + 1; i < lines.size() && indent(lines.get(i)) > depth; i++) {
      if (indent(lines.get(i)) != depth + 2) {
        continue;
      }
      int child = i;
      while ((lines.get(child).strip().startsWith("EnumerableCalc")
              || lines.get(child).strip().startsWith("VectorCalc"))
          && child + 1 < lines.size()) {
        child++;
      }
      if (lines.get(child).contains("Aggregate(group=[{}]")) {
        return true;
      }
    }
    return false;
  }

  private static int indent(String line) {
    return line.length() - line.stripLeading().length();
  }

  private String explain(String sql) throws SQLException {
    try (Statement s = sluice.createStatement();
        ResultSet plan = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      plan.next();
      return plan.getString(1);
    }
  }

  static IntStream queries() {
    return IntStream.rangeClosed(1, Tpch.QUERIES);
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void sameResultAsDuckDb(int number) throws SQLException {
    String sql = Tpch.query(number);
    List<List<Object>> expected = ResultRows.read(duck, sql);
    List<List<Object>> actual = ResultRows.read(sluice, sql);
    assertNull(ResultRows.difference(expected, actual, Tpch.ordered(sql)), "Q" + number);
  }
}
