package io.sluice.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.storage.ColumnType;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by DuckDB, read by Sluice's connectors and compared, value by value, with DuckDB's
 * own reading of the same file: every type, NULLs, multi-byte UTF-8, a huge string.
 */
class DuckDbFilesTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;
  private Connection duck;

  /** The columns DuckDB writes, and the Sluice types they load into. */
  static final Schema TARGET =
      new Schema(
          List.of(
              ColumnType.field("id", ColumnType.BIGINT.arrowType(), true),
              ColumnType.field("b", ColumnType.BOOLEAN.arrowType(), true),
              ColumnType.field("i8", ColumnType.TINYINT.arrowType(), true),
              ColumnType.field("i16", ColumnType.SMALLINT.arrowType(), true),
              ColumnType.field("i32", ColumnType.INT.arrowType(), true),
              ColumnType.field("f32", ColumnType.FLOAT.arrowType(), true),
              ColumnType.field("f64", ColumnType.DOUBLE.arrowType(), true),
              ColumnType.field("d", ColumnType.decimal(12, 2), true),
              ColumnType.field("wide", ColumnType.decimal(38, 10), true),
              ColumnType.field("s", ColumnType.VARCHAR.arrowType(), true),
              ColumnType.field("bin", ColumnType.VARBINARY.arrowType(), true),
              ColumnType.field("day", ColumnType.DATE.arrowType(), true),
              ColumnType.field("t", ColumnType.TIME.arrowType(), true),
              ColumnType.field("ts", ColumnType.TIMESTAMP.arrowType(), true),
              ColumnType.field("tz", ColumnType.TIMESTAMP_WITH_TIME_ZONE.arrowType(), true)));

  @BeforeEach
  void writeFiles() throws Exception {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      createTable(s);
    }
  }

  /** Creates DuckDB table t: 300 rows of every type, with NULLs, NaN, multi-byte and huge text. */
  void createTable(Statement s) throws java.sql.SQLException {
    {
      s.execute(
          "CREATE TABLE t AS SELECT i::BIGINT AS id,"
              + " CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 = 0 END AS b,"
              + " (i % 200 - 100)::TINYINT AS i8, (i * 37 % 60000 - 30000)::SMALLINT AS i16,"
              + " CASE WHEN i % 5 = 0 THEN NULL ELSE (i * 7919)::INTEGER END AS i32,"
              + " (i / 3.0)::REAL AS f32, CASE WHEN i = 3 THEN 'NaN'::DOUBLE WHEN i = 4 THEN"
              + " '-inf'::DOUBLE ELSE i * 1.5e10 END AS f64,"
              + " (i * 123.45 - 5000)::DECIMAL(12,2) AS d,"
              + " (i * 1.0000000001)::DECIMAL(38,10) AS wide,"
              + " CASE WHEN i % 6 = 0 THEN NULL WHEN i % 6 = 1 THEN 'Tōkyō ' || i WHEN i % 6 = 2"
              + " THEN 'ユーザー😀' WHEN i % 6 = 3 THEN '' WHEN i = 4 THEN repeat('x', 1000000)"
              + " ELSE 'quote \" comma , line' || chr(10) || 'break' END AS s,"
              + " CASE WHEN i % 4 = 0 THEN NULL ELSE ('\\x00\\xFF' || i::VARCHAR)::BLOB END AS bin,"
              + " DATE '1970-01-01' + (i * 97 - 5000)::INTEGER AS day,"
              + " CASE WHEN i % 3 = 0 THEN NULL ELSE TIME '00:00:00' + INTERVAL (i * 7919)"
              + " SECOND + INTERVAL (i) MICROSECOND END AS t,"
              + " TIMESTAMP '2024-02-29 12:00:00' + INTERVAL (i * 3600007) MICROSECOND AS ts,"
              + " TIMESTAMPTZ '1969-12-31 23:00:00+00' + INTERVAL (i * 86400) SECOND AS tz"
              + " FROM range(0, 300) r(i)");
    }
  }

  @AfterEach
  void closeDuck() throws Exception {
    duck.close();
  }

  private List<List<Object>> duckRows(String reader) throws Exception {
    try (Statement s = duck.createStatement();
        ResultSet rows = s.executeQuery("SELECT * FROM " + reader + " ORDER BY id")) {
      return Rows.of(rows);
    }
  }

  private List<List<Object>> sluiceRows(FileSource source) {
    try (BatchSource batches = source.open(arrow.allocator(), 64)) {
      List<List<Object>> rows = Rows.of(batches);
      rows.sort(java.util.Comparator.comparing(r -> (Long) r.get(0)));
      return rows;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "csv", "json"})
  void loadsWhatDuckDbWroteAsDuckDbReadsIt(String format) throws Exception {
    Path file = directory.resolve("t." + format);
    String copy =
        switch (format) {
          case "parquet" -> "(FORMAT parquet)";
          case "csv" -> "(FORMAT csv, HEADER)";
          default -> "(FORMAT json)";
        };
    try (Statement s = duck.createStatement()) {
      s.execute("COPY t TO '" + file + "' " + copy);
    }
    FileSource source =
        FileSource.into(
            FileAccess.anywhere(directory).resolveInput(file.getFileName().toString()),
            FileOptions.defaults(),
            TARGET);
    // DuckDB's own reading of the file, into the same column types; for CSV, told that a quoted
    // empty field is an empty string (its default reads it as NULL, unlike what it wrote).
    String reader =
        switch (format) {
          case "parquet" -> "read_parquet('" + file + "')";
          case "csv" ->
              "read_csv('"
                  + file
                  + "', header = true, allow_quoted_nulls = false, columns = "
                  + DUCK_COLUMNS
                  + ")";
          // DuckDB writes a BLOB into JSON as text with \xHH escapes and reads it back as that
          // text's bytes; its cast from text decodes them, as Sluice's reader does.
          default ->
              "(SELECT * REPLACE (bin::BLOB AS bin) FROM read_json('"
                  + file
                  + "', columns = "
                  + DUCK_COLUMNS.replace("'bin': 'BLOB'", "'bin': 'VARCHAR'")
                  + "))";
        };
    List<List<Object>> duckReading = duckRows(reader);
    assertEquals(300, duckReading.size());
    Rows.assertSame(duckReading, sluiceRows(source), format);
    // And both are the table DuckDB wrote.
    Rows.assertSame(duckRows("t"), duckReading, format + " as DuckDB reads it");
  }

  /** TARGET's columns in DuckDB's types, for its readers' {@code columns} argument. */
  static final String DUCK_COLUMNS =
      "{'id': 'BIGINT', 'b': 'BOOLEAN', 'i8': 'TINYINT', 'i16': 'SMALLINT', 'i32': 'INTEGER',"
          + " 'f32': 'REAL', 'f64': 'DOUBLE', 'd': 'DECIMAL(12,2)', 'wide': 'DECIMAL(38,10)',"
          + " 's': 'VARCHAR', 'bin': 'BLOB', 'day': 'DATE', 't': 'TIME', 'ts': 'TIMESTAMP',"
          + " 'tz': 'TIMESTAMPTZ'}";

  @Test
  void parquetSchemaIsReadFromItsMetadata() throws Exception {
    Path file = directory.resolve("t.parquet");
    try (Statement s = duck.createStatement()) {
      s.execute("COPY t TO '" + file + "' (FORMAT parquet)");
    }
    FileSource source =
        FileSource.describedBy(
            FileAccess.anywhere(directory).resolveInput("t.parquet"),
            FileOptions.defaults(),
            arrow.allocator());
    assertEquals(
        TARGET.getFields().stream().map(Field::getType).toList(),
        source.schema().getFields().stream().map(Field::getType).toList());
    Rows.assertSame(duckRows("read_parquet('" + file + "')"), sluiceRows(source), "parquet");
  }

  @Test
  void csvTypesAreInferredFromASample() throws Exception {
    Path file = directory.resolve("t.csv");
    try (Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT id, b, i32, f64, d, s, day, ts FROM t) TO '" + file + "' (HEADER)");
    }
    FileSource source =
        FileSource.describedBy(
            FileAccess.anywhere(directory).resolveInput("t.csv"),
            FileOptions.of(Map.of()),
            arrow.allocator());
    assertEquals(
        List.of(
            ColumnType.BIGINT,
            ColumnType.BOOLEAN,
            ColumnType.BIGINT,
            ColumnType.DOUBLE,
            ColumnType.DOUBLE,
            ColumnType.VARCHAR,
            ColumnType.DATE,
            ColumnType.TIMESTAMP),
        source.schema().getFields().stream().map(ColumnType::of).toList());
  }
}
