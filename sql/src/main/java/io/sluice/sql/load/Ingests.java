package io.sluice.sql.load;

import io.sluice.connectors.ArrowConformer;
import io.sluice.connectors.FileOptions;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.ddl.SluiceDdlExecutor;
import io.sluice.storage.Compression;
import io.sluice.storage.Table;
import io.sluice.storage.TableDefinition;
import io.sluice.storage.TableExistsException;
import io.sluice.storage.TableNotFoundException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Bulk ingest of Arrow batches a client streams (Flight SQL's {@code CommandStatementIngest},
 * {@code POST /v1/tables/{name}/rows}): into an existing table, or a table created (or replaced)
 * with the stream's columns, all rows or none. Batches of any Arrow types are converted to the
 * table's columns as files are; memory stays at a chunk per shard however long the stream.
 */
public final class Ingests {
  private Ingests() {}

  /** What to do when the table exists. */
  public enum IfExists {
    /** Refuse the ingest. */
    FAIL,
    /** Add the rows to it. */
    APPEND,
    /**
     * Replace it, in the same write that publishes the rows, with a table of the stream's columns.
     */
    REPLACE
  }

  /** What to do when the table does not exist. */
  public enum IfMissing {
    /** Refuse the ingest. */
    FAIL,
    /** Create it with the stream's columns. */
    CREATE
  }

  /** A stream of client batches. */
  public interface Batches {
    /**
     * @return the batches' schema
     */
    Schema schema();

    /**
     * @return whether there is another batch
     */
    boolean next();

    /**
     * @return the current batch (its vectors may be emptied)
     */
    VectorSchemaRoot batch();

    /**
     * @param schema the batches' schema
     * @param next moves to the next batch, saying whether there is one
     * @param batch the current batch
     * @return the stream
     */
    static Batches of(
        Schema schema,
        java.util.function.BooleanSupplier next,
        java.util.function.Supplier<VectorSchemaRoot> batch) {
      return new Batches() {
        @Override
        public Schema schema() {
          return schema;
        }

        @Override
        public boolean next() {
          return next.getAsBoolean();
        }

        @Override
        public VectorSchemaRoot batch() {
          return batch.get();
        }
      };
    }
  }

  /**
   * What an ingest did.
   *
   * @param rows rows written
   * @param skipped rows skipped (values that did not fit, with {@code on_error = 'skip'})
   * @param reasons why the first skipped rows were skipped
   * @param created whether the table was created (or replaced)
   */
  public record Result(long rows, long skipped, List<String> reasons, boolean created) {}

  /**
   * @param engine the engine
   * @param table the table's name
   * @param ifExists what to do when it exists
   * @param ifMissing what to do when it does not
   * @param options options of a table created: {@code shards}, {@code distributed_by}, {@code
   *     chunk_rows}, {@code compression}; and {@code on_error} ({@code abort} or {@code skip})
   * @param batches the stream
   * @param cancelled polled between batches
   * @return what it did
   * @throws TableExistsException if the table exists and {@code ifExists} is FAIL
   * @throws TableNotFoundException if it does not and {@code ifMissing} is FAIL
   * @throws IllegalArgumentException for an unknown or bad option
   * @throws io.sluice.connectors.ConnectorException for a column or value that does not fit
   */
  public static Result run(
      SluiceEngine engine,
      String table,
      IfExists ifExists,
      IfMissing ifMissing,
      Map<String, String> options,
      Batches batches,
      BooleanSupplier cancelled) {
    FileOptions.OnError onError = FileOptions.OnError.ABORT;
    TableDefinition.Builder definition = null;
    Optional<Table> existing = engine.store().findTable(table);
    Schema target;
    boolean create;
    if (existing.isPresent() && ifExists == IfExists.FAIL) {
      throw new TableExistsException(table);
    }
    if (existing.isEmpty() && ifMissing == IfMissing.FAIL) {
      throw new TableNotFoundException(table, "does not exist");
    }
    create = existing.isEmpty() || ifExists == IfExists.REPLACE;
    target =
        create
            ? ArrowConformer.sluiceSchema("the ingested batches", batches.schema())
            : existing.get().schema();
    if (create) {
      definition = TableDefinition.builder(table, target).shards(SluiceDdlExecutor.DEFAULT_SHARDS);
    }
    for (Map.Entry<String, String> option : options.entrySet()) {
      String name = option.getKey().toLowerCase(Locale.ROOT);
      String value = option.getValue();
      switch (name) {
        case "on_error" -> {
          switch (value.toLowerCase(Locale.ROOT)) {
            case "abort" -> onError = FileOptions.OnError.ABORT;
            case "skip" -> onError = FileOptions.OnError.SKIP;
            default ->
                throw new IllegalArgumentException(
                    "option on_error = '" + value + "' is invalid; use abort or skip");
          }
        }
        case "shards", "distributed_by", "chunk_rows", "compression" -> {
          if (definition == null) {
            continue; // table options matter only when the ingest creates the table
          }
          tableOption(definition, name, value);
        }
        default ->
            throw new IllegalArgumentException(
                "unknown ingest option '"
                    + option.getKey()
                    + "'; the options are on_error, shards, distributed_by, chunk_rows,"
                    + " compression");
      }
    }
    ArrowConformer conformer =
        ArrowConformer.of("the ingested batches", batches.schema(), target, onError);
    BufferAllocator allocator =
        engine.allocator().newChildAllocator("ingest-" + table, 0, Long.MAX_VALUE);
    try (TableWriter writer =
        create
            ? TableWriter.creating(
                    engine.store(), definition.build(), existing.isPresent(), engine.allocator())
                .keepingStatistics(engine.statistics())
            : TableWriter.into(existing.get(), engine.allocator())
                .keepingStatistics(engine.statistics())) {
      while (batches.next()) {
        if (cancelled.getAsBoolean()) {
          throw new IllegalStateException("the ingest was cancelled");
        }
        VectorSchemaRoot batch = batches.batch();
        if (batch.getRowCount() == 0) {
          continue;
        }
        try (VectorSchemaRoot rows = conformer.conform(batch, allocator)) {
          writer.write(rows);
        }
      }
      long rows = writer.commit();
      return new Result(rows, conformer.skipped(), conformer.reasons(), create);
    } finally {
      allocator.close();
    }
  }

  private static void tableOption(TableDefinition.Builder definition, String name, String value) {
    try {
      switch (name) {
        case "shards" -> definition.shards(Integer.parseInt(value.strip()));
        case "distributed_by" -> definition.distributedBy(value.strip());
        case "chunk_rows" -> definition.chunkRows(Integer.parseInt(value.strip()));
        default ->
            definition.compression(
                switch (value.strip().toLowerCase(Locale.ROOT)) {
                  case "none" -> Compression.NONE;
                  case "lz4" -> Compression.LZ4_FRAME;
                  case "zstd" -> Compression.ZSTD;
                  default ->
                      throw new IllegalArgumentException(
                          "option compression = '" + value + "' is invalid; use none, lz4 or zstd");
                });
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option " + name + " = '" + value + "' is invalid; use a whole number");
    }
  }
}
