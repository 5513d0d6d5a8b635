package io.sluice.connectors.internal;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import io.sluice.connectors.BadValueException;
import io.sluice.connectors.BatchSource;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.connectors.SourceStatistics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads CSV files, one after the other, into batches of a target schema, with FastCSV splitting
 * fields and {@link TextParser}s converting them straight into Arrow vectors. Each file's columns
 * are matched to the target's by header name when the header names exactly the target's columns (in
 * any order), else by position. A row with the wrong number of fields or a value that does not fit
 * fails the read naming the file, line, column and value, or is skipped under {@code on_error =
 * 'skip'}. Text that is not UTF-8 fails the read.
 */
public final class CsvSource implements BatchSource {
  private final List<Path> files;
  private final FileOptions options;
  private final Schema schema;
  private final TextParser[] parsers;
  private final boolean[] texts;
  private final RowErrors errors;
  private final BufferAllocator allocator;
  private final int batchRows;
  private final long totalBytes;
  private final AtomicLong bytesRead = new AtomicLong();

  private int fileIndex = -1;
  private String fileName;
  private CsvLayout layout;
  private Reader text;
  private CsvReader<CsvRow> csv;
  private Iterator<CsvRow> records;
  private int[] fieldOf;
  private int width;
  private long lastLine;
  private VectorSchemaRoot batch;
  private long rowsRead;
  private int filesOpened;

  /**
   * @param files the files, read in order
   * @param options the read options
   * @param schema the schema of the files' columns (the target table's, or the inferred one)
   * @param columns the columns to produce, a subset of the schema's names in any order, or null for
   *     all
   * @param allocator where batches live
   * @param batchRows rows per batch
   */
  public CsvSource(
      List<Path> files,
      FileOptions options,
      Schema schema,
      List<String> columns,
      BufferAllocator allocator,
      int batchRows) {
    this.files = files;
    this.options = options;
    this.schema = columns == null ? schema : project(schema, columns);
    this.errors = new RowErrors(options.onError());
    this.allocator = allocator;
    this.batchRows = batchRows;
    this.parsers = new TextParser[this.schema.getFields().size()];
    this.texts = new boolean[parsers.length];
    for (int i = 0; i < parsers.length; i++) {
      texts[i] =
          this.schema
              .getFields()
              .get(i)
              .getType()
              .equals(io.sluice.storage.ColumnType.VARCHAR.arrowType());
      parsers[i] =
          TextParser.of(
              this.schema.getFields().get(i), options.timestampFormat(), options.dateFormat());
    }
    long total = 0;
    for (Path file : files) {
      total += file.toFile().length();
    }
    this.totalBytes = total;
    this.fullSchema = schema;
  }

  private final Schema fullSchema;

  static Schema project(Schema schema, List<String> columns) {
    Map<String, Field> byName = new HashMap<>();
    schema.getFields().forEach(f -> byName.put(f.getName(), f));
    return new Schema(columns.stream().map(byName::get).toList());
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean next() {
    releaseBatch();
    errors.nextBatch();
    VectorSchemaRoot building = VectorSchemaRoot.create(schema, allocator);
    try {
      building.allocateNew();
      int row = 0;
      while (row < batchRows) {
        CsvRow record = nextRecord();
        if (record == null) {
          break;
        }
        if (read(record, building, row)) {
          row++;
        }
      }
      if (row == 0) {
        building.close();
        return false;
      }
      building.setRowCount(row);
      batch = building;
      return true;
    } catch (RuntimeException | Error e) {
      building.close();
      throw e;
    }
  }

  /** Fills one row from a record; false if the record was skipped. */
  private boolean read(CsvRow record, VectorSchemaRoot building, int row) {
    lastLine = record.line;
    rowsRead++;
    if (record.count != width) {
      errors.bad(
          row,
          where(),
          null,
          "expected " + width + " fields, found " + record.count + quoteHint(record));
      return false;
    }
    List<FieldVector> vectors = building.getFieldVectors();
    for (int c = 0; c < parsers.length; c++) {
      FieldVector vector = vectors.get(c);
      int field = fieldOf[c];
      String value = field < 0 ? null : record.field(field);
      if (value == null
          || layout.isNull(value, record.quoted(field))
          || (value.isEmpty() && !texts[c])) {
        vector.setNull(row);
        continue;
      }
      try {
        parsers[c].parse(vector, row, value);
      } catch (BadValueException e) {
        errors.bad(row, where(), schema.getFields().get(c).getName(), e);
        return false;
      }
    }
    return true;
  }

  private String where() {
    return fileName + ": line " + lastLine;
  }

  static String quoteHint(CsvRow record) {
    return record.multiLine()
        ? " (a quoted field runs over several lines: is a quote unbalanced?)"
        : "";
  }

  private CsvRow nextRecord() {
    while (true) {
      if (records == null && !openNextFile()) {
        return null;
      }
      try {
        if (records.hasNext()) {
          return records.next();
        }
      } catch (UncheckedIOException e) {
        throw readFailure(fileName, lastLine, e);
      } catch (CsvParseException e) {
        throw new ConnectorException(
            fileName + ": malformed CSV after line " + lastLine + ": " + e.getMessage(), e);
      }
      closeFile();
    }
  }

  static ConnectorException readFailure(String file, long lastLine, UncheckedIOException e) {
    String after = lastLine > 0 ? " after line " + lastLine : "";
    if (CsvLayout.isEncodingError(e)) {
      return new ConnectorException(
          file + ": the text is not valid UTF-8" + after + "; convert the file to UTF-8", e);
    }
    return new ConnectorException(
        file + ": reading failed" + after + ": " + e.getCause().getMessage(), e);
  }

  private boolean openNextFile() {
    if (++fileIndex >= files.size()) {
      return false;
    }
    Path file = files.get(fileIndex);
    fileName = file.getFileName().toString();
    layout = CsvLayout.of(file, options);
    text = InputFiles.text(file, bytesRead);
    csv = layout.reader(text);
    records = csv.iterator();
    filesOpened++;
    lastLine = 0;
    List<String> header = null;
    try {
      if (layout.header()) {
        if (!records.hasNext()) {
          closeFile();
          return openNextFile(); // an empty file: no rows
        }
        CsvRow first = records.next();
        lastLine = first.line;
        header = first.fields();
      }
    } catch (UncheckedIOException e) {
      throw readFailure(fileName, 0, e);
    } catch (CsvParseException e) {
      throw new ConnectorException(fileName + ": malformed CSV header: " + e.getMessage(), e);
    }
    mapColumns(header);
    return true;
  }

  /**
   * Decides which field feeds each column: by name when the header names exactly the schema's
   * columns (any order, any case), else by position.
   */
  private void mapColumns(List<String> header) {
    List<Field> all = fullSchema.getFields();
    width = header != null ? header.size() : all.size();
    int[] ofFull = new int[all.size()];
    boolean byName = false;
    if (header != null && header.size() == all.size()) {
      Map<String, Integer> positions = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        positions.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
      }
      byName = positions.size() == all.size();
      for (int c = 0; c < all.size() && byName; c++) {
        Integer position = positions.get(all.get(c).getName().toLowerCase(Locale.ROOT));
        if (position == null) {
          byName = false;
        } else {
          ofFull[c] = position;
        }
      }
    }
    if (!byName) {
      if (width != all.size()) {
        throw new ConnectorException(
            fileName
                + ": the file has "
                + width
                + " columns but "
                + all.size()
                + " are expected ("
                + String.join(", ", all.stream().map(Field::getName).toList())
                + ")"
                + (header == null ? "" : "; its header is " + header));
      }
      for (int c = 0; c < all.size(); c++) {
        ofFull[c] = c;
      }
    }
    fieldOf = new int[schema.getFields().size()];
    for (int c = 0; c < fieldOf.length; c++) {
      String name = schema.getFields().get(c).getName();
      int full = 0;
      while (!all.get(full).getName().equals(name)) {
        full++;
      }
      fieldOf[c] = ofFull[full];
    }
  }

  private void closeFile() {
    records = null;
    try {
      if (csv != null) {
        csv.close();
      }
    } catch (IOException e) {
      // Read to its end already.
    } finally {
      csv = null;
      text = null;
    }
  }

  @Override
  public VectorSchemaRoot batch() {
    if (batch == null) {
      throw new IllegalStateException("no current batch");
    }
    return batch;
  }

  @Override
  public SourceStatistics statistics() {
    return new SourceStatistics(
        filesOpened, bytesRead.get(), totalBytes, rowsRead, errors.skipped(), 0, 0);
  }

  @Override
  public List<String> skippedReasons() {
    return errors.reasons();
  }

  private void releaseBatch() {
    if (batch != null) {
      batch.close();
      batch = null;
    }
  }

  @Override
  public void close() {
    releaseBatch();
    closeFile();
    fileIndex = files.size();
  }
}
