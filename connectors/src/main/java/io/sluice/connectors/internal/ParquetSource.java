package io.sluice.connectors.internal;

import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.storage.ColumnType;
import io.sluice.storage.Predicate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads Parquet files with Arrow's native dataset scanner (C++ through JNI, the field's fastest
 * Parquet reader on the JVM): only the columns asked for are decoded, and predicates on plain
 * columns travel to the scanner as a Substrait filter, so row groups whose statistics exclude every
 * row are never read. Sluice's own footer reading counts those row groups for EXPLAIN ANALYZE.
 */
public final class ParquetSource extends ArrowFileSource {
  private final int batchRows;
  private final List<Predicate> predicates;
  private FileSystemDatasetFactory factory;
  private Dataset dataset;
  private Scanner scanner;
  private ArrowReader reader;

  /**
   * @param files the files, read in order
   * @param options the read options
   * @param target the columns to produce
   * @param predicates predicates on the target's column names whose row groups may be skipped (the
   *     caller still filters rows)
   * @param allocator where batches live
   * @param batchRows rows per batch
   */
  public ParquetSource(
      List<Path> files,
      FileOptions options,
      Schema target,
      List<Predicate> predicates,
      BufferAllocator allocator,
      int batchRows) {
    super(files, options, target, allocator);
    this.batchRows = batchRows;
    this.predicates = predicates;
  }

  /**
   * @param file a Parquet file
   * @param allocator memory for the inspection
   * @return its schema as Arrow reads it
   */
  public static Schema inspect(Path file, BufferAllocator allocator) {
    ParquetFooter.read(file); // a clear error for a file that is not Parquet or is truncated
    try (FileSystemDatasetFactory factory =
        new FileSystemDatasetFactory(
            allocator, NativeMemoryPool.getDefault(), FileFormat.PARQUET, uri(file))) {
      return factory.inspect();
    } catch (RuntimeException e) {
      throw new ConnectorException(
          file.getFileName() + ": the Parquet file cannot be read: " + message(e), e);
    }
  }

  static String uri(Path file) {
    return file.toAbsolutePath().toUri().toString();
  }

  @Override
  protected Schema fileSchema(Path file) {
    return inspect(file, allocator);
  }

  @Override
  protected void open(Path file, Schema fileSchema, List<String> columns) {
    // Predicates name target columns; the file may name them otherwise (matched by position).
    List<Predicate> onFile = new ArrayList<>();
    Map<String, ColumnType> types = new HashMap<>();
    for (Predicate predicate : predicates) {
      String fileColumn = fileColumnOf(fileSchema, predicate.column());
      if (fileColumn != null) {
        Field targetField = targetField(predicate.column());
        Field fileField = fileField(fileSchema, fileColumn);
        // Prune only where the file's type reads as the target's without conversion.
        if (fileField != null
            && FileTypes.toSluice(name(), fileField).equals(targetField.getType())) {
          onFile.add(predicate.withColumn(fileColumn));
          types.put(fileColumn, ColumnType.of(targetField));
        }
      }
    }
    ParquetFooter footer = ParquetFooter.read(file);
    SubstraitFilter.Encoded filter = SubstraitFilter.encode(fileSchema, onFile);
    factory =
        new FileSystemDatasetFactory(
            allocator, NativeMemoryPool.getDefault(), FileFormat.PARQUET, uri(file));
    try {
      dataset = factory.finish();
      String[] names = columns.toArray(new String[0]);
      try {
        scanner = dataset.newScan(scanOptions(names, filter));
        rowGroups += footer.rowGroups();
        if (filter != null) {
          rowGroupsSkipped += footer.skippable(fileSchema, filter.predicates(), types);
        }
      } catch (RuntimeException e) {
        if (filter == null) {
          throw e;
        }
        // Arrow refused the filter: read every row group; Sluice's filter still applies.
        scanner = dataset.newScan(scanOptions(names, null));
        rowGroups += footer.rowGroups();
      }
      reader = scanner.scanBatches();
    } catch (RuntimeException e) {
      closeFile();
      throw new ConnectorException(
          file.getFileName() + ": the Parquet file cannot be read: " + message(e), e);
    }
  }

  private ScanOptions scanOptions(String[] columns, SubstraitFilter.Encoded filter) {
    ScanOptions.Builder builder = new ScanOptions.Builder(batchRows).columns(Optional.of(columns));
    if (filter != null) {
      builder.substraitFilter(filter.expression().duplicate());
    }
    return builder.build();
  }

  private Field targetField(String name) {
    for (Field field : target.getFields()) {
      if (field.getName().equals(name)) {
        return field;
      }
    }
    throw new IllegalArgumentException("no column " + name);
  }

  private static Field fileField(Schema schema, String name) {
    for (Field field : schema.getFields()) {
      if (field.getName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  /** The file's name for a target column: same name ignoring case, else same position. */
  private String fileColumnOf(Schema fileSchema, String targetColumn) {
    for (Field field : fileSchema.getFields()) {
      if (field.getName().equalsIgnoreCase(targetColumn)) {
        return field.getName();
      }
    }
    List<Field> targetFields = target.getFields();
    if (targetFields.size() == fileSchema.getFields().size()) {
      for (int i = 0; i < targetFields.size(); i++) {
        if (targetFields.get(i).getName().equals(targetColumn)) {
          return fileSchema.getFields().get(i).getName();
        }
      }
    }
    return null;
  }

  @Override
  protected VectorSchemaRoot nextRaw() {
    try {
      return reader.loadNextBatch() ? reader.getVectorSchemaRoot() : null;
    } catch (java.io.IOException e) {
      throw new ConnectorException(name() + ": reading failed: " + message(e), e);
    }
  }

  @Override
  protected void closeFile() {
    RuntimeException failure = null;
    for (AutoCloseable resource : new AutoCloseable[] {reader, scanner, dataset, factory}) {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception e) {
          if (failure == null) {
            failure = new ConnectorException(name() + ": closing the reader failed: " + e, e);
          }
        }
      }
    }
    reader = null;
    scanner = null;
    dataset = null;
    factory = null;
    if (failure != null) {
      throw failure;
    }
  }
}
