package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    assertEquals(
        List.of(
            "SELECT 'a;b' FROM t",
            "SELECT \"x;y\" FROM t -- a comment; with a semicolon\nWHERE 1 = 1",
            "INSERT INTO t VALUES ('it''s; fine')"),
        StatementSplitter.split(
            "SELECT 'a;b' FROM t; SELECT \"x;y\" FROM t -- a comment; with a semicolon\n"
                + "WHERE 1 = 1;\n INSERT INTO t VALUES ('it''s; fine');;  "));
    assertEquals(List.of(), StatementSplitter.split(" ; -- only a comment\n ; "));
    assertEquals(List.of("SELECT 1 /* ; */ + 1"), StatementSplitter.split("SELECT 1 /* ; */ + 1"));
  }

  @Test
  void knowsWhenAStatementIsIncomplete() {
    assertTrue(StatementSplitter.isIncomplete("SELECT *\nFROM t"));
    assertTrue(StatementSplitter.isIncomplete("SELECT 'abc;"));
    assertTrue(StatementSplitter.isIncomplete("SELECT 1; SELECT 2"));
    assertTrue(StatementSplitter.isIncomplete("SELECT /* ; "));
    assertFalse(StatementSplitter.isIncomplete("SELECT 1;"));
    assertFalse(StatementSplitter.isIncomplete("SELECT 1; -- done"));
    assertFalse(StatementSplitter.isIncomplete("   "));
  }
}
