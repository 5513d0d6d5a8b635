package io.sluice.sql.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.sql.parser.impl.SluiceSqlParserImpl;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

/** The generated parser: Calcite's grammar plus Sluice's DDL, through Calcite's real parser. */
class SluiceParserTest {

  private static SqlNode parse(String sql) throws SqlParseException {
    return SqlParser.create(
            sql,
            SqlParser.config()
                .withParserFactory(SluiceSqlParserImpl.FACTORY)
                .withUnquotedCasing(Casing.TO_LOWER))
        .parseStmt();
  }

  @Test
  void createTableWithDistributionShardsAndOptions() throws SqlParseException {
    SqlCreateSluiceTable create =
        assertInstanceOf(
            SqlCreateSluiceTable.class,
            parse(
                "CREATE TABLE IF NOT EXISTS events (id BIGINT NOT NULL, url VARCHAR,"
                    + " price DECIMAL(12, 2)) DISTRIBUTED BY (id) SHARDS 8"
                    + " WITH (compression = 'zstd')"));
    assertTrue(create.ifNotExists);
    assertEquals("events", create.name.getSimple());
    assertEquals(3, create.columns.size());
    SqlColumnDeclaration id = (SqlColumnDeclaration) create.columns.get(0);
    assertEquals(Boolean.FALSE, id.dataType.getNullable());
    SqlColumnDeclaration url = (SqlColumnDeclaration) create.columns.get(1);
    assertEquals(Boolean.TRUE, url.dataType.getNullable());
    assertEquals("id", create.distributedBy.getSimple());
    assertEquals(8, create.shards.intValue(true));
    assertEquals("zstd", SqlOptions.toMap(create.options).get("compression").left);
  }

  @Test
  void createFunctionWithEveryClause() throws SqlParseException {
    SqlCreateWasmFunction create =
        assertInstanceOf(
            SqlCreateWasmFunction.class,
            parse(
                "CREATE OR REPLACE FUNCTION url_host(url VARCHAR) RETURNS VARCHAR"
                    + " USING WASM FROM 'examples/udfs/strings.wasm' EXPORT 'url_host'"
                    + " ABI BATCH WITH (memory_limit = '64MB', timeout = '2s')"));
    assertTrue(create.getReplace());
    assertEquals(SqlWasmFunctionKind.SCALAR, create.kind);
    assertEquals(1, create.parameters.size());
    assertEquals("examples/udfs/strings.wasm", create.source.value());
    assertFalse(create.source.base64);
    assertEquals("BATCH", create.abi.getSimple());
    assertEquals("64MB", SqlOptions.toMap(create.options).get("memory_limit").left);
    assertEquals(SqlKind.CREATE_FUNCTION, create.getKind());
  }

  @Test
  void createFunctionWithoutSignatureUsesTheModulesOwn() throws SqlParseException {
    SqlCreateWasmFunction create =
        assertInstanceOf(
            SqlCreateWasmFunction.class,
            parse("create function haversine using wasm from base64 'AGFzbQEAAAA='"));
    assertNull(create.parameters);
    assertNull(create.returnType);
    assertTrue(create.source.base64);
  }

  @Test
  void unnamedParametersAndTableFunctions() throws SqlParseException {
    SqlCreateWasmFunction create =
        assertInstanceOf(
            SqlCreateWasmFunction.class,
            parse(
                "CREATE FUNCTION split_words(VARCHAR) RETURNS TABLE (word VARCHAR, pos INT)"
                    + " USING WASM FROM 'file:/tmp/split.wasm'"));
    assertEquals(SqlWasmFunctionKind.TABLE, create.kind);
    assertNull(((SqlColumnDeclaration) create.parameters.get(0)).name);
    assertEquals(2, create.returnColumns.size());
  }

  @Test
  void createAndDropAggregate() throws SqlParseException {
    SqlCreateWasmFunction create =
        assertInstanceOf(
            SqlCreateWasmFunction.class,
            parse("CREATE AGGREGATE histogram(DOUBLE) RETURNS VARCHAR USING WASM FROM 'x.wasm'"));
    assertEquals(SqlWasmFunctionKind.AGGREGATE, create.kind);
    SqlDropWasmFunction drop =
        assertInstanceOf(SqlDropWasmFunction.class, parse("DROP AGGREGATE IF EXISTS histogram"));
    assertTrue(drop.aggregate);
    assertTrue(drop.ifExists);
    SqlDropWasmFunction dropFunction =
        assertInstanceOf(SqlDropWasmFunction.class, parse("DROP FUNCTION url_host"));
    assertFalse(dropFunction.aggregate);
  }

  @Test
  void dropTable() throws SqlParseException {
    SqlDropSluiceTable drop =
        assertInstanceOf(SqlDropSluiceTable.class, parse("DROP TABLE IF EXISTS events"));
    assertTrue(drop.ifExists);
  }

  @Test
  void showExpandsToASystemTableQuery() throws SqlParseException {
    SqlNode show = parse("SHOW FUNCTIONS");
    assertEquals(SqlKind.ORDER_BY, show.getKind());
    assertTrue(show.toString().contains("`sys`.`functions`"), show.toString());
    assertTrue(parse("show tables").toString().contains("`sys`.`tables`"));
  }

  @Test
  void explainAnalyzeKeepsTheQueryTextVerbatim() throws SqlParseException {
    SqlSelect select =
        assertInstanceOf(
            SqlSelect.class,
            parse("EXPLAIN ANALYZE\n  SELECT url_host(url)\n  FROM events WHERE id > 5  "));
    SqlBasicCall table = (SqlBasicCall) select.getFrom();
    SqlBasicCall function = (SqlBasicCall) table.operand(0);
    assertEquals(
        "'SELECT url_host(url)\n  FROM events WHERE id > 5'", function.operand(0).toString());
  }

  @Test
  void keywordsStayUsableAsIdentifiers() throws SqlParseException {
    assertNotNull(parse("SELECT batch, tables, abi, wasm, shards FROM t"));
  }

  @Test
  void syntaxErrorsGiveLineAndColumn() {
    SqlParseException e =
        assertThrows(
            SqlParseException.class,
            () -> parse("CREATE FUNCTION f(x INT)\nRETURNS INT USING WASM 'x.wasm'"));
    assertEquals(2, e.getPos().getLineNum());
    assertEquals(24, e.getPos().getColumnNum());
    assertTrue(e.getMessage().contains("line 2, column 24"), e.getMessage());
  }
}
