package io.sluice.connectors;

import io.sluice.connectors.internal.ArrowIpcSource;
import io.sluice.connectors.internal.CsvLayout;
import io.sluice.connectors.internal.CsvSource;
import io.sluice.connectors.internal.FileTypes;
import io.sluice.connectors.internal.Input;
import io.sluice.connectors.internal.JsonSource;
import io.sluice.connectors.internal.ParallelCsv;
import io.sluice.connectors.internal.ParquetSource;
import io.sluice.storage.ColumnType;
import io.sluice.storage.Predicate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Files of one format read as batches of one schema: either a target's (a table being loaded) or
 * the one the files describe (Parquet and Arrow metadata, or a CSV or JSON sample). Immutable and
 * thread-safe; each {@link #open} starts an independent read.
 *
 * <table>
 *   <caption>Readers</caption>
 *   <tr><th>format</th><th>reader</th></tr>
 *   <tr><td>Parquet</td><td>Arrow's native dataset scanner (JNI), columns projected, row groups
 *       pruned by a Substrait filter</td></tr>
 *   <tr><td>CSV</td><td>FastCSV, values parsed straight into Arrow vectors</td></tr>
 *   <tr><td>JSON</td><td>Jackson's streaming parser (newline-delimited objects)</td></tr>
 *   <tr><td>Arrow</td><td>Arrow's Java IPC reader, file or stream format</td></tr>
 * </table>
 */
public final class FileSource {
  /** Rows per batch when loading: one default chunk. */
  public static final int LOAD_BATCH_ROWS = 65_536;

  private final FileSet files;
  private final FileOptions options;
  private final FileFormat format;
  private final Schema schema;

  private FileSource(FileSet files, FileOptions options, FileFormat format, Schema schema) {
    this.files = files;
    this.options = options;
    this.format = format;
    this.schema = schema;
  }

  /**
   * Reads files as the schema they describe: Parquet and Arrow from their metadata, CSV and JSON
   * from a sample of the first file ({@value io.sluice.connectors.internal.TypeGuess#SAMPLE_ROWS}
   * rows).
   *
   * @param files the files
   * @param options read options
   * @param allocator memory for inspecting the files
   * @return the source
   * @throws ConnectorException if the files cannot be read or hold a type Sluice cannot store
   */
  public static FileSource describedBy(
      FileSet files, FileOptions options, BufferAllocator allocator) {
    return describedBy(files, options, allocator, null);
  }

  /**
   * Reads files as the schema they describe, leaving out the Parquet and Arrow columns Sluice
   * cannot store (nested types, intervals...) instead of refusing the files, for queries that read
   * the other columns.
   *
   * @param files the files
   * @param options read options
   * @param allocator memory for inspecting the files
   * @param leftOut null to refuse such a column; else the list that receives why each was left out
   * @return the source
   * @throws ConnectorException if the files cannot be read, or no column is left
   */
  public static FileSource describedBy(
      FileSet files, FileOptions options, BufferAllocator allocator, List<String> leftOut) {
    Path first = files.files().get(0);
    FileFormat format = options.formatOf(first);
    options.checkApplies(format, false);
    String name = first.getFileName().toString();
    Schema schema =
        switch (format) {
          case CSV -> CsvLayout.of(first, options).infer(first, options);
          case JSON -> JsonSource.infer(first, options);
          case PARQUET ->
              FileTypes.toSluice(name, ParquetSource.inspect(first, allocator), leftOut);
          case ARROW -> FileTypes.toSluice(name, ArrowIpcSource.inspect(first, allocator), leftOut);
        };
    return new FileSource(files, options, format, schema);
  }

  /**
   * Reads files into a target's columns: CSV by header name when the header names exactly the
   * target's columns, else by position; Parquet, Arrow and JSON by column name (ignoring case), or
   * by position when the names differ and the counts agree. Values convert to the target's types.
   *
   * @param files the files
   * @param options read options
   * @param target the columns to produce
   * @return the source
   */
  public static FileSource into(FileSet files, FileOptions options, Schema target) {
    FileFormat format = options.formatOf(files.files().get(0));
    options.checkApplies(format, false);
    return new FileSource(files, options, format, target);
  }

  /**
   * @return the files
   */
  public FileSet files() {
    return files;
  }

  /**
   * @return the format
   */
  public FileFormat format() {
    return format;
  }

  /**
   * @return the options
   */
  public FileOptions options() {
    return options;
  }

  /**
   * @return the schema every batch has
   */
  public Schema schema() {
    return schema;
  }

  /**
   * Reads every file, every column.
   *
   * @param allocator where batches live
   * @param batchRows rows per batch
   * @return the open source; close it
   */
  public BatchSource open(BufferAllocator allocator, int batchRows) {
    return open(files.files(), null, List.of(), allocator, batchRows);
  }

  /**
   * Reads some of the files and columns, skipping what predicates prove holds no match (Parquet row
   * groups). The caller still filters rows: predicates only prune.
   *
   * @param subset files of this source to read, in order
   * @param columns the columns to read, in order, or null for all
   * @param predicates predicates on this source's column names
   * @param allocator where batches live
   * @param batchRows rows per batch
   * @return the open source; close it
   */
  public BatchSource open(
      List<Path> subset,
      List<String> columns,
      List<Predicate> predicates,
      BufferAllocator allocator,
      int batchRows) {
    Schema projected = columns == null ? schema : project(columns);
    return switch (format) {
      case CSV ->
          subset.size() == 1 && ParallelCsv.worthSplitting(subset.get(0))
              ? ParallelCsv.open(subset.get(0), options, schema, columns, allocator, batchRows)
              : new CsvSource(inputs(subset), options, schema, columns, allocator, batchRows);
      case JSON -> new JsonSource(inputs(subset), options, projected, allocator, batchRows);
      case PARQUET ->
          new ParquetSource(subset, options, projected, predicates, allocator, batchRows);
      case ARROW -> new ArrowIpcSource(subset, options, projected, allocator);
    };
  }

  private static List<Input> inputs(List<Path> files) {
    return files.stream().map(Input::of).toList();
  }

  /**
   * Reads a stream once (an HTTP request body) as rows of a target's columns: CSV (comma-separated
   * unless the options say otherwise) or newline-delimited JSON; other formats read their own
   * streams.
   *
   * @param name what the stream is, for errors
   * @param stream the bytes (gzip or zstd compressed ones are recognized)
   * @param format CSV or JSON
   * @param options read options
   * @param target the columns to produce
   * @param allocator where batches live
   * @return the open source; close it (it does not close the stream)
   */
  public static BatchSource stream(
      String name,
      java.io.InputStream stream,
      FileFormat format,
      FileOptions options,
      Schema target,
      BufferAllocator allocator) {
    options.checkApplies(format, false);
    Input input = Input.of(name, stream);
    return switch (format) {
      case CSV -> new CsvSource(List.of(input), options, target, null, allocator, LOAD_BATCH_ROWS);
      case JSON -> new JsonSource(List.of(input), options, target, allocator, LOAD_BATCH_ROWS);
      default ->
          throw new IllegalArgumentException(format + " streams are read by Arrow's readers");
    };
  }

  private Schema project(List<String> columns) {
    Map<String, Field> byName = new HashMap<>();
    schema.getFields().forEach(f -> byName.put(f.getName(), f));
    List<Field> fields = new ArrayList<>();
    for (String column : columns) {
      Field field = byName.get(column);
      if (field == null) {
        throw new IllegalArgumentException("the files have no column " + column);
      }
      fields.add(field);
    }
    return new Schema(fields);
  }

  /**
   * @return a rough count of the files' rows, for the planner: exact for Parquet (from the
   *     footers), the size in bytes over 100 otherwise
   */
  public long estimatedRows() {
    if (format == FileFormat.PARQUET) {
      long rows = 0;
      for (Path file : files.files()) {
        try {
          rows += io.sluice.connectors.internal.ParquetFooter.read(file).rows();
        } catch (ConnectorException e) {
          rows += 1000;
        }
      }
      return rows;
    }
    return Math.max(1, files.totalBytes() / 100);
  }

  /**
   * @return a short description for plans, e.g. {@code parquet, 3 files}
   */
  public String describe() {
    int count = files.files().size();
    return format.optionName() + ", " + count + (count == 1 ? " file" : " files");
  }

  /**
   * @param type a column's Arrow type
   * @return its SQL type name, for messages
   */
  static String sqlName(org.apache.arrow.vector.types.pojo.ArrowType type) {
    return ColumnType.describe(type);
  }
}
