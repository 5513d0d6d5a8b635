package io.sluice.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files Sluice writes read back the same in Sluice and in DuckDB: every type, NULLs and empty
 * strings apart, NaN and infinities, multi-byte text, binaries.
 */
class RoundTripTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  /** Rows of every type, read by Sluice from a Parquet file DuckDB wrote. */
  private List<List<Object>> write(Path file, Map<String, String> options) throws Exception {
    Path source = directory.resolve("source.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      new DuckDbFilesTest().createTable(s);
      s.execute("COPY t TO '" + source + "' (FORMAT parquet)");
    }
    FileSource input =
        FileSource.into(
            FileAccess.anywhere(directory).resolveInput("source.parquet"),
            FileOptions.defaults(),
            DuckDbFilesTest.TARGET);
    List<List<Object>> written = new ArrayList<>();
    try (BatchSource batches = input.open(arrow.allocator(), 50);
        BatchSink sink =
            FileSink.open(
                file, DuckDbFilesTest.TARGET, FileOptions.of(options), arrow.allocator())) {
      while (batches.next()) {
        written.addAll(Rows.of(batches.batch()));
        sink.write(batches.batch());
        assertFalse(Files.exists(file), "nothing is visible before the sink finishes");
      }
      assertEquals(300, sink.rows());
      sink.finish();
    }
    return written;
  }

  @ParameterizedTest
  @CsvSource({
    "t.csv,",
    "t.csv.gz,",
    "t.csv,zstd",
    "t.json,",
    "t.json,gzip",
    "t.parquet,",
    "t.arrow,",
    "t.arrow,lz4",
    "t.arrow,zstd"
  })
  void readsBackWhatItWrote(String name, String compression) throws Exception {
    Path file = directory.resolve(name);
    Map<String, String> options =
        compression == null ? Map.of() : Map.of("compression", compression);
    List<List<Object>> written = write(file, options);
    FileOptions readOptions =
        name.endsWith(".gz") || compression != null && !name.endsWith(".arrow")
            ? FileOptions.of(Map.of("format", name.contains(".json") ? "json" : "csv"))
            : FileOptions.defaults();
    FileSource back =
        FileSource.into(
            FileAccess.anywhere(directory).resolveInput(name), readOptions, DuckDbFilesTest.TARGET);
    try (BatchSource batches = back.open(arrow.allocator(), 64)) {
      Rows.assertSame(written, Rows.of(batches), name);
    }
    if (name.equals("t.json") && compression == null) {
      List<String> lines = Files.readAllLines(file);
      assertEquals(300, lines.size());
      assertEquals(
          List.of(),
          lines.stream().filter(line -> !line.startsWith("{") || !line.endsWith("}")).toList(),
          "one object per line, nothing around it");
    }
    try (Stream<Path> files = Files.list(directory)) {
      assertEquals(
          List.of(),
          files.filter(f -> f.getFileName().toString().startsWith(".")).toList(),
          "no temporary file is left");
    }
  }

  @ParameterizedTest
  @CsvSource({"t.csv,read_csv", "t.json,read_json", "t.parquet,read_parquet"})
  void duckDbReadsWhatSluiceWrote(String name, String reader) throws Exception {
    Path file = directory.resolve(name);
    List<List<Object>> written = write(file, Map.of());
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      String columns =
          reader.equals("read_parquet")
              ? ""
              : ", columns = {id: 'BIGINT', b: 'BOOLEAN', i8: 'TINYINT', i16: 'SMALLINT', i32:"
                  + " 'INTEGER', f32: 'REAL', f64: 'DOUBLE', d: 'DECIMAL(12,2)', wide:"
                  + " 'DECIMAL(38,10)', s: 'VARCHAR', bin: 'BLOB', day: 'DATE', t: 'TIME', ts:"
                  + " 'TIMESTAMP', tz: 'TIMESTAMPTZ'}";
      // DuckDB reads "" as NULL unless told not to; it reads a JSON string into a BLOB column
      // without decoding its \x escapes (a cast does); and it reads the TIME columns Arrow's
      // Parquet writer marks as adjusted to UTC as TIME WITH TIME ZONE.
      String extra = reader.equals("read_csv") ? ", allow_quoted_nulls = false" : "";
      String select =
          switch (reader) {
            case "read_json" -> "* REPLACE (bin::VARCHAR::BLOB AS bin)";
            case "read_parquet" -> "* REPLACE (t::TIME AS t)";
            default -> "*";
          };
      if (reader.equals("read_json")) {
        columns = columns.replace("bin: 'BLOB'", "bin: 'VARCHAR'");
      }
      try (ResultSet rows =
          s.executeQuery(
              "SELECT "
                  + select
                  + " FROM "
                  + reader
                  + "('"
                  + file
                  + "'"
                  + columns
                  + extra
                  + ") ORDER BY id")) {
        List<List<Object>> read = Rows.of(rows);
        List<List<Object>> expected = new ArrayList<>(written);
        expected.sort(Comparator.comparing(r -> (Long) r.get(0)));
        Rows.assertSame(expected, read, name);
      }
    }
  }

  @Test
  void anAbandonedSinkLeavesNoFile() throws Exception {
    Path file = directory.resolve("out.parquet");
    Files.writeString(file, "old");
    try (BatchSink sink =
        FileSink.open(file, DuckDbFilesTest.TARGET, FileOptions.defaults(), arrow.allocator())) {
      // closed without finishing
    }
    assertEquals("old", Files.readString(file), "the old file stays when a write fails");
    try (Stream<Path> files = Files.list(directory)) {
      assertEquals(1, files.count());
    }
    assertEquals(
        "compression 'zstd' is not available for parquet files; use none (Parquet files are"
            + " written by Arrow's dataset writer, whose Java binding takes no compression"
            + " setting)",
        assertThrows(
                ConnectorException.class,
                () ->
                    FileSink.open(
                        file,
                        DuckDbFilesTest.TARGET,
                        FileOptions.of(Map.of("compression", "zstd")),
                        arrow.allocator()))
            .getMessage());
  }
}
