package io.sluice.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.storage.ColumnType;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input fails with a message naming the file, position, column and value. */
class BadInputTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  static final Schema ABC =
      new Schema(
          List.of(
              ColumnType.field("a", ColumnType.BIGINT.arrowType(), true),
              ColumnType.field("b", ColumnType.TINYINT.arrowType(), true),
              ColumnType.field("c", ColumnType.DATE.arrowType(), true)));

  private Path write(String name, String text) throws Exception {
    Path file = directory.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private String loadFails(String name, Schema target, Map<String, String> options) {
    ConnectorException e =
        assertThrows(
            ConnectorException.class,
            () -> {
              FileSource source =
                  FileSource.into(
                      FileAccess.anywhere(directory).resolveInput(name),
                      FileOptions.of(options),
                      target);
              try (BatchSource batches = source.open(arrow.allocator(), 1000)) {
                while (batches.next()) {
                  // read to the end
                }
              }
            });
    return e.getMessage();
  }

  @Test
  void aRowWithTooFewFieldsNamesItsLine() throws Exception {
    write("t.csv", "a,b,c\n1,2,2024-01-01\n3,4\n");
    assertEquals("t.csv: line 3: expected 3 fields, found 2", loadFails("t.csv", ABC, Map.of()));
  }

  @Test
  void anUnbalancedQuoteSaysSo() throws Exception {
    write("t.csv", "a,b,c\n1,2,2024-01-01\n3,\"4,2024-01-02\n5,6,2024-01-03\n");
    String message = loadFails("t.csv", ABC, Map.of());
    assertTrue(message.startsWith("t.csv: line 3: expected 3 fields, found 2"), message);
    assertTrue(message.contains("is a quote unbalanced?"), message);
  }

  @Test
  void textThatIsNotUtf8IsRefused() throws Exception {
    Path file = directory.resolve("t.csv");
    byte[] bad = "a,b,c\n1,2,2024-01-01\n".getBytes(StandardCharsets.UTF_8);
    byte[] tail = {'3', ',', (byte) 0xFF, (byte) 0xFE, ',', '2', '\n'};
    byte[] all = new byte[bad.length + tail.length];
    System.arraycopy(bad, 0, all, 0, bad.length);
    System.arraycopy(tail, 0, all, bad.length, tail.length);
    Files.write(file, all);
    String message = loadFails("t.csv", ABC, Map.of());
    assertTrue(message.startsWith("t.csv: the text is not valid UTF-8"), message);
  }

  @Test
  void valuesThatDoNotFitNameTheColumnAndValue() throws Exception {
    write("over.csv", "a,b,c\n1,300,2024-01-01\n");
    assertEquals(
        "over.csv: line 2, column 'b': '300' is out of range for TINYINT",
        loadFails("over.csv", ABC, Map.of()));
    write("date.csv", "a,b,c\n1,3,2024-13-01\n");
    assertEquals(
        "date.csv: line 2, column 'c': '2024-13-01' is not a valid date",
        loadFails("date.csv", ABC, Map.of()));
    write("text.csv", "a,b,c\nabc,3,2024-01-01\n");
    assertEquals(
        "text.csv: line 2, column 'a': 'abc' is not a BIGINT",
        loadFails("text.csv", ABC, Map.of()));
    write("t.json", "{\"a\": 1, \"b\": 2}\n{\"a\": \"x\", \"b\": 2}\n");
    assertEquals(
        "t.json: line 2, column 'a': 'x' is not a BIGINT", loadFails("t.json", ABC, Map.of()));
  }

  @Test
  void skippingReportsHowManyRowsAndWhy() throws Exception {
    write(
        "t.csv", "a,b,c\n1,2,2024-01-01\nx,2,2024-01-01\n3,4\n5,300,2024-01-01\n6,6,2024-01-06\n");
    FileSource source =
        FileSource.into(
            FileAccess.anywhere(directory).resolveInput("t.csv"),
            FileOptions.of(Map.of("on_error", "skip")),
            ABC);
    try (BatchSource batches = source.open(arrow.allocator(), 1000)) {
      List<List<Object>> rows = Rows.of(batches);
      assertEquals(List.of(1L, 6L), rows.stream().map(r -> r.get(0)).toList());
      assertEquals(3, batches.statistics().rowsSkipped());
      assertEquals(
          List.of(
              "t.csv: line 3, column 'a': 'x' is not a BIGINT",
              "t.csv: line 4: expected 3 fields, found 2",
              "t.csv: line 5, column 'b': '300' is out of range for TINYINT"),
          batches.skippedReasons());
    }
  }

  @Test
  void parquetProblemsNameTheFileAndColumn() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute(
          "COPY (SELECT 1::BIGINT AS a, [1, 2] AS tags) TO '"
              + directory.resolve("nested.parquet")
              + "' (FORMAT parquet)");
      s.execute(
          "COPY (SELECT i::BIGINT AS a, CASE WHEN i = 5 THEN 'x' ELSE i::VARCHAR END AS b,"
              + " DATE '2024-01-01' AS c FROM range(10) r(i)) TO '"
              + directory.resolve("text.parquet")
              + "' (FORMAT parquet)");
    }
    String nested =
        assertThrows(
                ConnectorException.class,
                () ->
                    FileSource.describedBy(
                        FileAccess.anywhere(directory).resolveInput("nested.parquet"),
                        FileOptions.defaults(),
                        arrow.allocator()))
            .getMessage();
    assertEquals(
        "nested.parquet: column 'tags' is a LIST, which Sluice cannot store; leave it out or"
            + " convert it to a scalar type first",
        nested);
    assertEquals(
        "text.parquet: row 6, column 'b': 'x' is not a TINYINT",
        loadFails("text.parquet", ABC, Map.of()));
    // A truncated file and one that is not Parquet at all.
    byte[] whole = Files.readAllBytes(directory.resolve("text.parquet"));
    Files.write(directory.resolve("cut.parquet"), java.util.Arrays.copyOf(whole, whole.length / 2));
    assertTrue(
        loadFails("cut.parquet", ABC, Map.of())
            .startsWith("cut.parquet: not a Parquet file, or a truncated one"));
    write("fake.parquet", "a,b,c\n1,2,3\n");
    assertTrue(
        loadFails("fake.parquet", ABC, Map.of())
            .startsWith("fake.parquet: not a Parquet file, or a truncated one"));
  }

  @Test
  void parquetColumnsMatchByNameAndNeverHalfByPosition() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      String rows = " FROM range(3) r(i)) TO '";
      s.execute(
          "COPY (SELECT i AS a, i::TINYINT AS bb, DATE '2024-01-01' AS c"
              + rows
              + directory.resolve("misnamed.parquet")
              + "' (FORMAT parquet)");
      s.execute(
          "COPY (SELECT i AS x, i::TINYINT AS y, DATE '2024-01-01' AS z"
              + rows
              + directory.resolve("unnamed.parquet")
              + "' (FORMAT parquet)");
      // A glob whose files disagree on a column's type: each file converts on its own.
      s.execute(
          "COPY (SELECT i AS a, 1::TINYINT AS b, DATE '2024-01-01' AS c"
              + rows
              + directory.resolve("mixed-1.parquet")
              + "' (FORMAT parquet)");
      s.execute(
          "COPY (SELECT 'x' || i AS a, 1::TINYINT AS b, DATE '2024-01-01' AS c"
              + rows
              + directory.resolve("mixed-2.parquet")
              + "' (FORMAT parquet)");
    }
    assertEquals(
        "misnamed.parquet: no column b (its columns are a, bb, c)",
        loadFails("misnamed.parquet", ABC, Map.of()));
    FileSource unnamed =
        FileSource.into(
            FileAccess.anywhere(directory).resolveInput("unnamed.parquet"),
            FileOptions.defaults(),
            ABC);
    try (BatchSource batches = unnamed.open(arrow.allocator(), 1000)) {
      assertEquals(3, Rows.of(batches).size(), "no name matches: read by position");
    }
    assertEquals(
        "mixed-2.parquet: row 1, column 'a': 'x0' is not a BIGINT",
        loadFails("mixed-*.parquet", ABC, Map.of()));
  }

  @Test
  void aTruncatedArrowFileSaysSo() throws Exception {
    Path file = directory.resolve("t.arrow");
    try (var root = org.apache.arrow.vector.VectorSchemaRoot.create(ABC, arrow.allocator());
        BatchSink sink = FileSink.open(file, ABC, FileOptions.defaults(), arrow.allocator())) {
      root.allocateNew();
      for (int i = 0; i < 1000; i++) {
        ((org.apache.arrow.vector.BigIntVector) root.getVector(0)).setSafe(i, i);
      }
      root.setRowCount(1000);
      sink.write(root);
      sink.finish();
    }
    byte[] whole = Files.readAllBytes(file);
    Files.write(directory.resolve("cut.arrow"), java.util.Arrays.copyOf(whole, whole.length - 40));
    String message = loadFails("cut.arrow", ABC, Map.of());
    assertTrue(message.startsWith("cut.arrow: not a readable Arrow IPC file"), message);
  }

  @Test
  void pathsThatNameNothingReadableAreRefused() throws Exception {
    FileAccess access = FileAccess.anywhere(directory);
    assertEquals(
        "file 'missing.csv' does not exist",
        assertThrows(ConnectorException.class, () -> access.resolveInput("missing.csv"))
            .getMessage());
    assertEquals(
        "no file matches 'logs/*.parquet': directory 'logs/' does not exist",
        assertThrows(ConnectorException.class, () -> access.resolveInput("logs/*.parquet"))
            .getMessage());
    Files.createDirectories(directory.resolve("logs"));
    assertEquals(
        "no file matches 'logs/*.parquet'",
        assertThrows(ConnectorException.class, () -> access.resolveInput("logs/*.parquet"))
            .getMessage());
    assertEquals(
        "'logs' is a directory; name files in it, e.g. 'logs/*.parquet'",
        assertThrows(ConnectorException.class, () -> access.resolveInput("logs")).getMessage());
    Path fifo = directory.resolve("pipe");
    new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
    assertEquals(
        "'pipe' is not a regular file (a device, pipe or socket cannot be read)",
        assertThrows(ConnectorException.class, () -> access.resolveInput("pipe")).getMessage());
    assertTrue(
        assertThrows(ConnectorException.class, () -> access.resolveInput("/dev/zero"))
            .getMessage()
            .contains("not a regular file"));
  }

  @Test
  void aConfinedAccessStaysUnderItsRoots() throws Exception {
    Path root = Files.createDirectories(directory.resolve("root"));
    Path outside = Files.writeString(directory.resolve("secret.csv"), "a\n1\n");
    Files.writeString(root.resolve("ok.csv"), "a\n1\n");
    Files.createSymbolicLink(root.resolve("link.csv"), outside);
    FileAccess access = FileAccess.confined(List.of(root));
    assertEquals(
        List.of(root.toRealPath().resolve("ok.csv")), access.resolveInput("ok.csv").files());
    String escape =
        assertThrows(ConnectorException.class, () -> access.resolveInput("../secret.csv"))
            .getMessage();
    assertTrue(escape.startsWith("'../secret.csv' is outside the directories"), escape);
    // Whether the file exists is not said: a missing one outside reads the same.
    assertEquals(
        escape.replace("secret.csv", "nothing.csv"),
        assertThrows(ConnectorException.class, () -> access.resolveInput("../nothing.csv"))
            .getMessage());
    assertTrue(
        assertThrows(ConnectorException.class, () -> access.resolveInput(outside.toString()))
            .getMessage()
            .contains("is outside the directories"));
    assertEquals(
        "'link.csv' is a symbolic link to a file outside the allowed directories",
        assertThrows(ConnectorException.class, () -> access.resolveInput("link.csv")).getMessage());
    // A glob does not reach through the link either.
    assertThrows(ConnectorException.class, () -> access.resolveInput("*.csv"));
    assertTrue(
        assertThrows(ConnectorException.class, () -> access.resolveOutput("../out.csv"))
            .getMessage()
            .contains("is outside the directories"));
  }

  @Test
  void emptyFilesReadAsNoRows() throws Exception {
    write("empty.csv", "");
    write("header.csv", "a,b,c\n");
    write("empty.json", "");
    for (String name : List.of("empty.csv", "header.csv", "empty.json")) {
      FileSource source =
          FileSource.into(
              FileAccess.anywhere(directory).resolveInput(name), FileOptions.defaults(), ABC);
      try (BatchSource batches = source.open(arrow.allocator(), 100)) {
        assertEquals(List.of(), Rows.of(batches), name);
      }
    }
    assertEquals(
        "empty.csv: the file is empty; there are no columns to read",
        assertThrows(
                ConnectorException.class,
                () ->
                    FileSource.describedBy(
                        FileAccess.anywhere(directory).resolveInput("empty.csv"),
                        FileOptions.defaults(),
                        arrow.allocator()))
            .getMessage());
  }

  @Test
  void unknownOptionsAndValuesAreRefused() {
    assertEquals(
        "unknown file option 'delim'; the options are [compression, date_format, delimiter,"
            + " escape, format, header, null, on_error, quote, timestamp_format]",
        assertThrows(ConnectorException.class, () -> FileOptions.of(Map.of("delim", ";")))
            .getMessage());
    assertEquals(
        "file option on_error = 'ignore_all' is invalid; use abort or skip",
        assertThrows(
                ConnectorException.class, () -> FileOptions.of(Map.of("on_error", "ignore_all")))
            .getMessage());
    assertEquals(
        "file option 'delimiter' does not apply to reading parquet files",
        assertThrows(
                ConnectorException.class,
                () ->
                    FileOptions.of(Map.of("delimiter", ";"))
                        .checkApplies(FileFormat.PARQUET, false))
            .getMessage());
    assertTrue(
        assertThrows(
                ConnectorException.class, () -> FileOptions.of(Map.of("timestamp_format", "%Y-%q")))
            .getMessage()
            .contains("unknown directive %q"));
  }
}
