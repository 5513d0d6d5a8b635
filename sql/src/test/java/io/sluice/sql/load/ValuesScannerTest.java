package io.sluice.sql.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.sql.ddl.SluiceDdlExecutor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VALUES scanner against Sluice's real SQL parser: whatever the scanner accepts, it must read
 * exactly as the parser does (table, columns, every cell); whatever it declines goes to the parser.
 */
class ValuesScannerTest {
  private static final SqlParser.Config CONFIG =
      SqlParser.config()
          .withParserFactory(SluiceDdlExecutor.PARSER_FACTORY)
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.TO_LOWER)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(true)
          .withConformance(SqlConformanceEnum.LENIENT);

  private static ValuesScanner.Insert parsed(String sql) throws Exception {
    SqlNode node = SqlParser.create(sql, CONFIG).parseStmt();
    return FastInsert.read((SqlInsert) node);
  }

  /** Cells compared by value: BigDecimal by its value and scale, bytes by content. */
  private static List<Object> comparable(ValuesScanner.Insert insert) {
    List<Object> all = new ArrayList<>();
    all.add(insert.table());
    all.add(insert.columns());
    for (Object[] row : insert.rows()) {
      List<Object> cells = new ArrayList<>();
      for (Object cell : row) {
        if (cell instanceof byte[] bytes) {
          cells.add("bytes" + Arrays.toString(bytes));
        } else if (cell instanceof BigDecimal number) {
          cells.add("number " + number.toString());
        } else {
          cells.add(cell);
        }
      }
      all.add(cells);
    }
    return all;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO t VALUES (1, 'a')",
        "insert into T values (1,'a'),(2,'b'),\n(3, 'c')",
        "INSERT INTO sluice.t (b, \"A\") VALUES (-1.50, 'it''s'), (+2e3, ''), (.5, 'x''''y')",
        "INSERT INTO \"My Table\" VALUES (NULL, null, TRUE, false)",
        "INSERT INTO t VALUES (DATE '2024-01-01', TIME '12:00:01', TIMESTAMP '2024-01-01 00:00:00')",
        "INSERT INTO t VALUES (X'00ff10', x'')",
        "INSERT INTO t VALUES (?, ?, 3), (?, 'four', ?)",
        "INSERT INTO t VALUES (1.0E-4, 12345678901234567890123, - 7)",
        "-- a comment\nINSERT /* hint */ INTO t VALUES (1) -- trailing",
        "INSERT INTO t VALUES ('Tōkyō ✓ 😀', 'line\nbreak')",
        "INSERT INTO t_1$x VALUES (0)",
      })
  void readsWhatTheParserReads(String sql) throws Exception {
    ValuesScanner.Insert scanned = ValuesScanner.scan(sql, CONFIG);
    assertNotNull(scanned, sql);
    ValuesScanner.Insert expected = parsed(sql);
    assertNotNull(expected, sql);
    assertEquals(comparable(expected), comparable(scanned), sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO t VALUES (1 + 1)",
        "INSERT INTO t VALUES ('a' 'b')",
        "INSERT INTO t VALUES (N'abc')",
        "INSERT INTO t VALUES (_UTF8'abc')",
        "INSERT INTO t VALUES (U&'\\0041')",
        "INSERT INTO t VALUES (CAST(1 AS INT))",
        "INSERT INTO t VALUES (INTERVAL '1' DAY)",
        "INSERT INTO t VALUES (TIMESTAMP WITH LOCAL TIME ZONE '2024-01-01 00:00:00')",
        "INSERT INTO t SELECT * FROM u",
        "INSERT INTO t VALUES (1);",
        "INSERT INTO t VALUES (1), (2",
        "INSERT INTO t VALUES (1e)",
        "INSERT INTO t VALUES (1.2.3)",
        "INSERT INTO t VALUES (X'0')",
        "INSERT INTO t VALUES ('unterminated)",
        "INSERT INTO t VALUES (-'1')",
        "INSERT INTO tä VALUES (1)",
        "INSERT INTO t VALUES (CURRENT_DATE)",
        "UPSERT INTO t VALUES (1)",
        "INSERT INTO t (a, b VALUES (1, 2)",
      })
  void leavesEverythingElseToTheParser(String sql) {
    assertNull(ValuesScanner.scan(sql, CONFIG), sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {"INSERT INTO `My T` (`a``b`) VALUES (1)"})
  void followsTheConnectionsQuoting(String sql) throws Exception {
    SqlParser.Config backTicks = CONFIG.withQuoting(Quoting.BACK_TICK);
    ValuesScanner.Insert scanned = ValuesScanner.scan(sql, backTicks);
    assertEquals(List.of("My T"), scanned.table());
    assertEquals(List.of("a`b"), scanned.columns());
    assertNull(ValuesScanner.scan(sql, CONFIG), "double-quote quoting reads no back ticks");
    assertNull(ValuesScanner.scan(sql, CONFIG.withQuoting(Quoting.BRACKET)));
  }
}
