package io.sluice.connectors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.BatchSource;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.storage.ColumnType;
import io.sluice.testkit.ArrowAllocatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A CSV file read by several readers at once gives what one reader gives, errors included. */
class ParallelCsvTest {
  @RegisterExtension final ArrowAllocatorExtension arrow = new ArrowAllocatorExtension();
  @TempDir Path directory;

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              ColumnType.field("id", ColumnType.BIGINT.arrowType(), true),
              ColumnType.field("name", ColumnType.VARCHAR.arrowType(), true),
              ColumnType.field("price", ColumnType.decimal(10, 2), true)));

  /** Rows with quoted commas, doubled quotes, multi-byte text, NULLs and CRLF line ends. */
  private Path write(String name, int rows, boolean header, Map<Integer, String> badIds)
      throws Exception {
    StringBuilder text = new StringBuilder(header ? "id,name,price\n" : "");
    for (int i = 0; i < rows; i++) {
      String id = badIds.getOrDefault(i, Integer.toString(i));
      String nameField =
          switch (i % 5) {
            case 0 -> "\"Smith, Jane\"";
            case 1 -> "\"say \"\"hi\"\"\"";
            case 2 -> "Tōkyō " + i;
            case 3 -> "";
            default -> "plain";
          };
      text.append(id).append(',').append(nameField).append(',').append(i % 7 == 0 ? "" : i + ".25");
      text.append(i % 3 == 0 ? "\r\n" : "\n");
    }
    Path file = directory.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private List<List<Object>> rows(BatchSource source) {
    List<List<Object>> rows = new ArrayList<>();
    try (source) {
      while (source.next()) {
        VectorSchemaRoot batch = source.batch();
        for (int r = 0; r < batch.getRowCount(); r++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector vector : batch.getFieldVectors()) {
            Object value = vector.getObject(r);
            row.add(value == null ? null : value.toString());
          }
          rows.add(row);
        }
      }
    }
    rows.sort(Comparator.comparing(row -> Long.parseLong((String) row.get(0))));
    return rows;
  }

  private BatchSource parallel(Path file, FileOptions options, int parts) {
    return ParallelCsvSource.open(file, options, SCHEMA, null, arrow.allocator(), 1000, parts);
  }

  private BatchSource single(Path file, FileOptions options) {
    return new CsvSource(List.of(Input.of(file)), options, SCHEMA, null, arrow.allocator(), 1000);
  }

  @Test
  void readsTheRowsOneReaderReads() throws Exception {
    for (boolean header : new boolean[] {true, false}) {
      Path file = write("t.csv", 20_000, header, Map.of());
      FileOptions options = FileOptions.of(Map.of("header", Boolean.toString(header)));
      List<CsvSplits.Split> splits = CsvSplits.of(file, ',', '"', 3);
      assertEquals(3, splits.size(), splits.toString());
      List<List<Object>> expected = rows(single(file, options));
      assertEquals(20_000, expected.size());
      assertEquals(expected, rows(parallel(file, options, 3)), "header " + header);
    }
  }

  @Test
  void aFileWhoseQuotedFieldsSpanLinesIsNotCut() throws Exception {
    StringBuilder text = new StringBuilder("id,name,price\n");
    for (int i = 0; i < 3000; i++) {
      text.append(i).append(i == 2000 ? ",\"two\nlines\"" : ",x").append(",1.00\n");
    }
    Path file = directory.resolve("multi.csv");
    Files.writeString(file, text);
    assertEquals(1, CsvSplits.of(file, ',', '"', 4).size());
    List<List<Object>> rows = rows(parallel(file, FileOptions.defaults(), 4));
    assertEquals(3000, rows.size());
    assertEquals("two\nlines", rows.get(2000).get(1));
  }

  @Test
  void aQuoteInsideAnUnquotedFieldKeepsOneReader() throws Exception {
    StringBuilder text = new StringBuilder("id,name,price\n");
    for (int i = 0; i < 3000; i++) {
      text.append(i).append(i == 10 ? ",5\"6 2\"" : ",x").append(",1.00\n");
    }
    Path file = directory.resolve("stray.csv");
    Files.writeString(file, text);
    assertEquals(1, CsvSplits.of(file, ',', '"', 4).size());
    assertEquals(
        rows(single(file, FileOptions.defaults())),
        rows(parallel(file, FileOptions.defaults(), 4)));
  }

  @Test
  void errorsNameTheLineOfTheWholeFile() throws Exception {
    Path file = write("bad.csv", 20_000, true, Map.of(15_000, "x"));
    ConnectorException e =
        assertThrows(
            ConnectorException.class, () -> rows(parallel(file, FileOptions.defaults(), 3)));
    // Row 15,000 is on line 15,002: the header is line 1 and rows start at 0.
    assertEquals("bad.csv: line 15002, column 'id': 'x' is not a BIGINT", e.getMessage());
  }

  @Test
  void skippedRowsAddUpAcrossReaders() throws Exception {
    Path file = write("skip.csv", 20_000, true, Map.of(10, "x", 19_000, "y"));
    try (BatchSource source = parallel(file, FileOptions.of(Map.of("on_error", "skip")), 3)) {
      long rows = 0;
      while (source.next()) {
        rows += source.batch().getRowCount();
      }
      assertEquals(19_998, rows);
      assertEquals(2, source.statistics().rowsSkipped());
      assertEquals(
          List.of(
              "skip.csv: line 12, column 'id': 'x' is not a BIGINT",
              "skip.csv: line 19002, column 'id': 'y' is not a BIGINT"),
          source.skippedReasons());
    }
  }

  @Test
  void closingEarlyStopsTheReadersAndFreesTheirBatches() throws Exception {
    Path file = write("t.csv", 50_000, true, Map.of());
    BatchSource source = parallel(file, FileOptions.defaults(), 3);
    assertTrue(source.next());
    source.close();
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().startsWith("sluice-csv-t.csv")),
        "the readers' threads ended");
  }
}
