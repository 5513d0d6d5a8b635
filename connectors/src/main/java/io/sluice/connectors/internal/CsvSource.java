package io.sluice.connectors.internal;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordWrapper;
import io.sluice.connectors.BadValueException;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.storage.ColumnType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Reads CSV files, one after the other, into batches of a target schema. FastCSV splits the text
 * and hands each field to a callback as a range of its buffer; the callback parses it straight into
 * the batch's Arrow vector ({@link TextParser}), so no String is made for most values. Each file's
 * columns are matched to the target's by header name when the header names exactly the target's
 * columns (in any order, any case), else by position. A row with the wrong number of fields or a
 * value that does not fit fails the read naming the file, line, column and value, or is skipped
 * under {@code on_error = 'skip'}. Text that is not UTF-8 fails the read.
 */
public final class CsvSource extends ReadingSource {
  private final List<Input> files;
  private final FileOptions options;
  private final Schema schema;
  private final Schema fullSchema;
  private final Range range;
  private final Handler handler;
  private final BufferAllocator allocator;
  private final int batchRows;
  private final AtomicLong bytesRead = new AtomicLong();

  private int fileIndex = -1;
  private String fileName;
  private CsvReader<Handler.Record> csv;
  private Iterator<Handler.Record> records;
  private int width;
  private long lastLine;

  /**
   * @param files the files (or a stream), read in order
   * @param options the read options
   * @param schema the schema of the files' columns (the target table's, or the inferred one)
   * @param columns the columns to produce, a subset of the schema's names in any order, or null for
   *     all
   * @param allocator where batches live
   * @param batchRows rows per batch
   */
  public CsvSource(
      List<Input> files,
      FileOptions options,
      Schema schema,
      List<String> columns,
      BufferAllocator allocator,
      int batchRows) {
    this(files, options, schema, columns, allocator, batchRows, null);
  }

  /**
   * How a worker reads one range of a CSV file split for parallel reading ({@link
   * ParallelCsvSource}).
   *
   * @param layout the file's layout, sniffed once for every range
   * @param header the file's header, or null when it has none
   * @param skipHeader whether the range starts with the header line (the first range does)
   * @param lineOffset the lines before the range, so that errors name the file's line
   */
  record Range(CsvLayout layout, List<String> header, boolean skipHeader, long lineOffset) {}

  /**
   * @param range the one input's place in its file, or null for whole inputs
   */
  CsvSource(
      List<Input> files,
      FileOptions options,
      Schema schema,
      List<String> columns,
      BufferAllocator allocator,
      int batchRows,
      Range range) {
    super(new RowErrors(options.onError()), Input.totalSize(files));
    this.range = range;
    this.files = files;
    this.options = options;
    this.fullSchema = schema;
    this.schema = columns == null ? schema : project(schema, columns);
    this.allocator = allocator;
    this.batchRows = batchRows;
    this.handler = new Handler(this.schema, options);
  }

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
      handler.target(building);
      int row = 0;
      while (row < batchRows) {
        handler.row = row;
        Handler.Record record = nextRecord();
        if (record == null) {
          break;
        }
        if (accept(record, row)) {
          row++;
        }
      }
      handler.target(null);
      if (row == 0) {
        building.close();
        return false;
      }
      for (FieldVector vector : building.getFieldVectors()) {
        vector.setValueCount(row);
      }
      building.setRowCount(row);
      batch = building;
      return true;
    } catch (RuntimeException | Error e) {
      handler.target(null);
      building.close();
      throw e;
    }
  }

  /** Whether the record the callback just parsed into row {@code row} is good. */
  private boolean accept(Handler.Record record, int row) {
    lastLine = lineOffset() + record.line;
    rowsRead++;
    if (record.count != width) {
      errors.bad(
          -1,
          where(),
          null,
          "expected "
              + width
              + " fields, found "
              + record.count
              + (record.multiLine ? QUOTE_HINT : ""));
      return false;
    }
    if (record.badColumn >= 0) {
      errors.bad(-1, where(), schema.getFields().get(record.badColumn).getName(), record.bad);
      return false;
    }
    return true;
  }

  static final String QUOTE_HINT =
      " (a quoted field runs over several lines: is a quote unbalanced?)";

  private long lineOffset() {
    return range == null ? 0 : range.lineOffset();
  }

  private String where() {
    return fileName + ": line " + lastLine;
  }

  static String quoteHint(CsvRow record) {
    return record.multiLine() ? QUOTE_HINT : "";
  }

  private Handler.Record nextRecord() {
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
    Input file = files.get(fileIndex);
    fileName = file.name();
    java.io.BufferedInputStream in = InputFiles.bytes(file, bytesRead);
    CsvLayout layout;
    try {
      layout = range != null ? range.layout() : CsvLayout.of(fileName, in, options);
    } catch (IOException e) {
      throw new ConnectorException(fileName + ": reading failed: " + e.getMessage(), e);
    }
    handler.layout(layout);
    Reader text = InputFiles.text(in);
    csv =
        CsvReader.builder()
            .fieldSeparator(layout.delimiter())
            .quoteCharacter(layout.quote())
            .commentStrategy(CommentStrategy.NONE)
            .skipEmptyLines(true)
            .ignoreDifferentFieldCount(true)
            .acceptCharsAfterQuotes(false)
            .build(handler, text);
    records = csv.iterator();
    filesOpened++;
    lastLine = lineOffset();
    List<String> header = range != null ? range.header() : null;
    try {
      if (range == null ? layout.header() : range.skipHeader()) {
        handler.header = new ArrayList<>();
        if (!records.hasNext()) {
          handler.header = null;
          closeFile();
          return openNextFile(); // an empty file: no rows
        }
        lastLine = lineOffset() + records.next().line;
        if (range == null) {
          header = handler.header;
        }
        handler.header = null;
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
    int[] columnOfField = new int[width];
    Arrays.fill(columnOfField, -1);
    for (int c = 0; c < schema.getFields().size(); c++) {
      String name = schema.getFields().get(c).getName();
      int full = 0;
      while (!all.get(full).getName().equals(name)) {
        full++;
      }
      columnOfField[ofFull[full]] = c;
    }
    handler.columnOfField = columnOfField;
  }

  @Override
  protected long bytesRead() {
    return bytesRead.get();
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
    }
  }

  @Override
  public void close() {
    releaseBatch();
    closeFile();
    fileIndex = files.size();
  }

  /**
   * FastCSV's callback: parses each field of a record straight into the current batch's vector at
   * the current row, remembering the first value that did not fit (the record is then rejected as a
   * whole and its row reused).
   */
  static final class Handler extends AbstractBaseCsvCallbackHandler<Handler.Record> {
    /** What the callback found in one record. */
    static final class Record {
      long line;
      int count;
      boolean multiLine;
      int badColumn;
      BadValueException bad;
    }

    private final TextParser[] parsers;
    private final boolean[] texts;
    private final Record record = new Record();
    private FieldVector[] vectors;
    private int[] columnOfField = new int[0];
    private char[] nullText = new char[0];
    int row;
    List<String> header;

    Handler(Schema schema, FileOptions options) {
      List<Field> fields = schema.getFields();
      parsers = new TextParser[fields.size()];
      texts = new boolean[fields.size()];
      for (int i = 0; i < parsers.length; i++) {
        parsers[i] = TextParser.of(fields.get(i), options.timestampFormat(), options.dateFormat());
        texts[i] = ColumnType.of(fields.get(i)) == ColumnType.VARCHAR;
      }
    }

    void layout(CsvLayout layout) {
      nullText = layout.nullText().toCharArray();
    }

    void target(VectorSchemaRoot root) {
      vectors = root == null ? null : root.getFieldVectors().toArray(new FieldVector[0]);
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
      record.line = startingLineNumber;
      record.count = 0;
      record.multiLine = false;
      record.badColumn = -1;
      record.bad = null;
    }

    @Override
    protected void handleField(int index, char[] buffer, int offset, int length, boolean quoted) {
      record.count = index + 1;
      if (header != null) {
        header.add(new String(buffer, offset, length));
        return;
      }
      if (index >= columnOfField.length || record.badColumn >= 0) {
        return;
      }
      int column = columnOfField[index];
      if (column < 0) {
        return;
      }
      if (quoted && !record.multiLine) {
        for (int i = offset; i < offset + length; i++) {
          if (buffer[i] == '\n') {
            record.multiLine = true;
            break;
          }
        }
      }
      FieldVector vector = vectors[column];
      if ((!quoted && (length == 0 || isNullText(buffer, offset, length)))
          || (length == 0 && !texts[column])) {
        vector.setNull(row);
        return;
      }
      try {
        parsers[column].parse(vector, row, buffer, offset, length);
      } catch (BadValueException e) {
        record.badColumn = column;
        record.bad = e;
      }
    }

    private boolean isNullText(char[] buffer, int offset, int length) {
      if (length != nullText.length) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (buffer[offset + i] != nullText[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    protected RecordWrapper<Record> buildRecord() {
      return wrapRecord(record);
    }
  }
}
