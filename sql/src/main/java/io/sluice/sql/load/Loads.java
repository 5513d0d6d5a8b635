package io.sluice.sql.load;

import io.sluice.connectors.BatchSource;
import io.sluice.connectors.FileSource;
import io.sluice.connectors.SourceStatistics;
import io.sluice.sql.SluiceEngine;
import io.sluice.storage.Table;
import io.sluice.storage.TableDefinition;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Loads files into a table, all or nothing: the API under {@code COPY}, {@code CREATE TABLE ...
 * FROM} and {@code sluice load}. The files are read on one thread while chunks are staged on
 * another; nothing is visible until the commit at the end.
 */
public final class Loads {
  private Loads() {}

  /** Hears how far a load got, after each batch, on the loading thread. */
  public interface Progress {
    /**
     * @param read what the source read so far (bytes of the total, rows, rows skipped)
     */
    void update(SourceStatistics read);
  }

  /**
   * What a load did.
   *
   * @param rows rows loaded
   * @param skipped rows skipped under {@code on_error = 'skip'}
   * @param reasons why the first skipped rows were skipped
   * @param read what the source read
   */
  public record Result(long rows, long skipped, List<String> reasons, SourceStatistics read) {}

  /**
   * Loads files into an existing table.
   *
   * @param engine the engine
   * @param table the table
   * @param source the files, read as the table's columns (all of them, in order)
   * @param progress hears how far it got
   * @param cancelled polled between batches; true stops the load, which then leaves nothing
   * @return what it loaded
   */
  public static Result intoTable(
      SluiceEngine engine,
      Table table,
      FileSource source,
      Progress progress,
      BooleanSupplier cancelled) {
    List<Field> fields = table.schema().getFields();
    int[] identity = new int[fields.size()];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    return intoTable(engine, table, source, identity, progress, cancelled);
  }

  /**
   * Loads files that fill some of a table's columns.
   *
   * @param engine the engine
   * @param table the table
   * @param source the files, read as the listed columns
   * @param targetOfColumn for each table column, the source column filling it, or -1 for NULL
   * @param progress hears how far it got
   * @param cancelled polled between batches
   * @return what it loaded
   */
  static Result intoTable(
      SluiceEngine engine,
      Table table,
      FileSource source,
      int[] targetOfColumn,
      Progress progress,
      BooleanSupplier cancelled) {
    List<Field> fields = table.schema().getFields();
    BufferAllocator allocator =
        engine.allocator().newChildAllocator("load-into-" + table.name(), 0, Long.MAX_VALUE);
    try (TableWriter writer =
            TableWriter.into(table, engine.allocator()).keepingStatistics(engine.statistics());
        BatchSource batches = source.open(allocator, FileSource.LOAD_BATCH_ROWS)) {
      return run(engine, batches, allocator, writer, fields, targetOfColumn, progress, cancelled);
    } finally {
      allocator.close();
    }
  }

  /**
   * Creates a table from files: it appears with every row, replacing a table of its name if asked,
   * or not at all.
   *
   * @param engine the engine
   * @param definition the table, with the source's columns
   * @param replace whether it replaces a table of the same name in the same write
   * @param source the files
   * @param progress hears how far it got
   * @param cancelled polled between batches
   * @return what it loaded
   */
  public static Result newTable(
      SluiceEngine engine,
      TableDefinition definition,
      boolean replace,
      FileSource source,
      Progress progress,
      BooleanSupplier cancelled) {
    List<Field> fields = definition.schema().getFields();
    int[] identity = new int[fields.size()];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    BufferAllocator allocator =
        engine.allocator().newChildAllocator("create-" + definition.name(), 0, Long.MAX_VALUE);
    try (TableWriter writer =
            TableWriter.creating(engine.store(), definition, replace, engine.allocator())
                .keepingStatistics(engine.statistics());
        BatchSource batches = source.open(allocator, FileSource.LOAD_BATCH_ROWS)) {
      return run(engine, batches, allocator, writer, fields, identity, progress, cancelled);
    } finally {
      allocator.close();
    }
  }

  private static Result run(
      SluiceEngine engine,
      BatchSource batches,
      BufferAllocator allocator,
      TableWriter writer,
      List<Field> fields,
      int[] targetOfColumn,
      Progress progress,
      BooleanSupplier cancelled) {
    BatchPump.run(
        batches,
        allocator,
        engine.shardExecutor(),
        batch -> {
          CopyCommand.writeExpanded(writer, batch, fields, targetOfColumn, allocator);
          progress.update(batches.statistics());
        },
        cancelled);
    long rows = writer.commit();
    SourceStatistics read = batches.statistics();
    progress.update(read);
    return new Result(rows, read.rowsSkipped(), batches.skippedReasons(), read);
  }
}
