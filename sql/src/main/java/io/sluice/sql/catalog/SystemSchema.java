package io.sluice.sql.catalog;

import io.sluice.sql.SluiceEngine;
import io.sluice.sql.exec.QueryLog;
import io.sluice.storage.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The {@code sys} schema: read-only tables describing the engine. {@code sys.tables} lists tables,
 * {@code sys.column_stats} what the planner knows of their columns, {@code sys.queries} the recent
 * shard executions with the rows and bytes they moved from shards to the coordinator.
 */
public final class SystemSchema extends AbstractSchema {
  /** The schema's name on every connection. */
  public static final String NAME = "sys";

  private final SluiceEngine engine;
  private final ExplainAnalyze explainAnalyze;
  private final Map<String, org.apache.calcite.schema.Table> extraTables = new LinkedHashMap<>();

  /**
   * @param engine the engine described
   * @param connection the connection the schema belongs to (EXPLAIN ANALYZE runs queries on it)
   */
  public SystemSchema(SluiceEngine engine, java.sql.Connection connection) {
    this.engine = engine;
    this.explainAnalyze = new ExplainAnalyze(engine, connection);
  }

  /** Releases what the schema holds for its connection (the connection is closing). */
  public void detach() {
    explainAnalyze.forget();
  }

  @Override
  protected com.google.common.collect.Multimap<String, org.apache.calcite.schema.Function>
      getFunctionMultimap() {
    return com.google.common.collect.ImmutableMultimap.of(
        io.sluice.sql.ddl.SqlExplainAnalyze.FUNCTION, explainAnalyze);
  }

  /**
   * Adds a table that another part of the engine provides (e.g. the function catalog).
   *
   * @param name the table's name
   * @param table the table
   */
  public void add(String name, org.apache.calcite.schema.Table table) {
    extraTables.put(name, table);
  }

  @Override
  protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
    Map<String, org.apache.calcite.schema.Table> tables = new LinkedHashMap<>();
    tables.put("tables", new SystemTable(SystemSchema::tablesType, this::tableRows));
    tables.put("queries", new SystemTable(SystemSchema::queriesType, this::queryRows));
    tables.put(
        "column_stats", new SystemTable(SystemSchema::columnStatsType, this::columnStatsRows));
    tables.putAll(extraTables);
    return tables;
  }

  private static org.apache.calcite.rel.type.RelDataType tablesType(RelDataTypeFactory f) {
    return f.builder()
        .add("name", SqlTypeName.VARCHAR)
        .add("shards", SqlTypeName.INTEGER)
        .add("distribution_key", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("row_count", SqlTypeName.BIGINT)
        .add("columns", SqlTypeName.INTEGER)
        .add("chunk_rows", SqlTypeName.INTEGER)
        .add("compression", SqlTypeName.VARCHAR)
        .build();
  }

  private static org.apache.calcite.rel.type.RelDataType columnStatsType(RelDataTypeFactory f) {
    return f.builder()
        .add("table_name", SqlTypeName.VARCHAR)
        .add("column_name", SqlTypeName.VARCHAR)
        .add("row_count", SqlTypeName.BIGINT)
        .add("null_count", SqlTypeName.BIGINT)
        .add("distinct_count", SqlTypeName.BIGINT)
        .build();
  }

  /** What the planner knows of each column: rows, NULLs and distinct values when last counted. */
  private List<Object[]> columnStatsRows() {
    List<Object[]> rows = new ArrayList<>();
    for (String name : engine.store().tableNames()) {
      engine
          .statistics()
          .find(name)
          .ifPresent(
              statistics -> {
                for (io.sluice.sql.stats.ColumnStatistics column : statistics.columns()) {
                  rows.add(
                      new Object[] {
                        name,
                        column.name(),
                        statistics.rows(),
                        column.nulls(),
                        Math.round(column.distinct())
                      });
                }
              });
    }
    return rows;
  }

  private List<Object[]> tableRows() {
    List<Object[]> rows = new ArrayList<>();
    for (String name : engine.store().tableNames()) {
      engine
          .store()
          .findTable(name)
          .ifPresent(
              (Table table) ->
                  rows.add(
                      new Object[] {
                        name,
                        table.shardCount(),
                        table.definition().distributionKey(),
                        table.rowCount(),
                        table.schema().getFields().size(),
                        table.definition().chunkRows(),
                        table.definition().compression().name()
                      }));
    }
    return rows;
  }

  private static org.apache.calcite.rel.type.RelDataType queriesType(RelDataTypeFactory f) {
    return f.builder()
        .add("id", SqlTypeName.BIGINT)
        .add("statement", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("fragment", SqlTypeName.VARCHAR)
        .add("started", SqlTypeName.VARCHAR)
        .add("elapsed_ms", SqlTypeName.DOUBLE)
        .add("shards", SqlTypeName.BIGINT)
        .add("chunks_read", SqlTypeName.BIGINT)
        .add("chunks_skipped", SqlTypeName.BIGINT)
        .add("bytes_read", SqlTypeName.BIGINT)
        .add("rows_scanned", SqlTypeName.BIGINT)
        .add("rows_moved", SqlTypeName.BIGINT)
        .add("bytes_moved", SqlTypeName.BIGINT)
        .add("outcome", SqlTypeName.VARCHAR)
        .build();
  }

  private List<Object[]> queryRows() {
    List<Object[]> rows = new ArrayList<>();
    for (QueryLog.Entry entry : engine.queryLog().entries()) {
      rows.add(
          new Object[] {
            entry.id(),
            entry.sql(),
            entry.fragment(),
            entry.started().toString(),
            entry.elapsedNanos() / 1e6,
            entry.stats().shards(),
            entry.stats().chunksRead(),
            entry.stats().chunksSkipped(),
            entry.stats().bytesRead(),
            entry.stats().rowsScanned(),
            entry.stats().rowsMoved(),
            entry.stats().bytesMoved(),
            entry.outcome()
          });
    }
    return rows;
  }
}
