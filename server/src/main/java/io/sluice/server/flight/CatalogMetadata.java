package io.sluice.server.flight;

import io.sluice.server.sql.ColumnTypes;
import io.sluice.server.sql.ConnectionPool;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Schemas, tables (with their columns), and table types, read from the engine's own JDBC metadata
 * so they list exactly what SQL can name. Sluice has no catalogs (the catalog is null, as in the
 * embedded driver); Calcite's internal {@code metadata} schema is left out.
 */
final class CatalogMetadata {
  private static final Set<String> HIDDEN_SCHEMAS = Set.of("metadata");

  private final ConnectionPool pool;
  private final BufferAllocator allocator;

  CatalogMetadata(ConnectionPool pool, BufferAllocator allocator) {
    this.pool = pool;
    this.allocator = allocator;
  }

  void catalogs(ServerStreamListener listener) {
    try (MetadataStreams rows = new MetadataStreams(Schemas.GET_CATALOGS_SCHEMA, allocator)) {
      rows.send(listener);
    }
  }

  void schemas(CommandGetDbSchemas command, ServerStreamListener listener) throws SQLException {
    String pattern = command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null;
    Connection connection = pool.borrow();
    try (MetadataStreams rows = new MetadataStreams(Schemas.GET_SCHEMAS_SCHEMA, allocator);
        ResultSet schemas = connection.getMetaData().getSchemas(null, pattern)) {
      if (!command.hasCatalog() || command.getCatalog().isEmpty()) {
        while (schemas.next()) {
          String schema = schemas.getString("TABLE_SCHEM");
          if (!HIDDEN_SCHEMAS.contains(schema)) {
            rows.set("catalog_name", null).set("db_schema_name", schema).endRow();
          }
        }
      }
      rows.send(listener);
    } finally {
      pool.release(connection);
    }
  }

  void tables(CommandGetTables command, ServerStreamListener listener) throws SQLException {
    String schemaPattern =
        command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null;
    String tablePattern =
        command.hasTableNameFilterPattern() ? command.getTableNameFilterPattern() : null;
    String[] types =
        command.getTableTypesCount() == 0
            ? null
            : command.getTableTypesList().toArray(new String[0]);
    Schema schema =
        command.getIncludeSchema()
            ? Schemas.GET_TABLES_SCHEMA
            : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
    Connection connection = pool.borrow();
    try (MetadataStreams rows = new MetadataStreams(schema, allocator)) {
      DatabaseMetaData meta = connection.getMetaData();
      boolean anyCatalog = !command.hasCatalog() || command.getCatalog().isEmpty();
      List<String[]> found =
          anyCatalog ? find(meta, schemaPattern, tablePattern, types) : List.of();
      if (found.isEmpty() && anyCatalog && hasUpperCase(schemaPattern, tablePattern)) {
        // Arrow's Flight SQL JDBC driver reports upper-case identifier storage whatever the
        // server says, so tools such as sqlline upper-case the names users type unquoted; those
        // names are stored in lower case here.
        found = find(meta, lower(schemaPattern), lower(tablePattern), types);
      }
      for (String[] table : found) {
        rows.set("catalog_name", null)
            .set("db_schema_name", table[0])
            .set("table_name", table[1])
            .set("table_type", table[2]);
        if (command.getIncludeSchema()) {
          rows.set("table_schema", columns(meta, table[0], table[1]).serializeAsMessage());
        }
        rows.endRow();
      }
      rows.send(listener);
    } finally {
      pool.release(connection);
    }
  }

  /** The visible tables matching the patterns: schema, name and type of each. */
  private static List<String[]> find(
      DatabaseMetaData meta, String schemaPattern, String tablePattern, String[] types)
      throws SQLException {
    List<String[]> found = new ArrayList<>();
    try (ResultSet tables = meta.getTables(null, schemaPattern, tablePattern, types)) {
      while (tables.next()) {
        String tableSchema = tables.getString("TABLE_SCHEM");
        if (!HIDDEN_SCHEMAS.contains(tableSchema)) {
          found.add(
              new String[] {
                tableSchema, tables.getString("TABLE_NAME"), tables.getString("TABLE_TYPE")
              });
        }
      }
    }
    return found;
  }

  private static boolean hasUpperCase(String... patterns) {
    for (String pattern : patterns) {
      if (pattern != null && !pattern.equals(lower(pattern))) {
        return true;
      }
    }
    return false;
  }

  private static String lower(String pattern) {
    return pattern == null ? null : pattern.toLowerCase(Locale.ROOT);
  }

  /** The columns of a table as an Arrow schema, with Flight SQL column metadata. */
  private static Schema columns(DatabaseMetaData meta, String schema, String table)
      throws SQLException {
    List<Field> fields = new ArrayList<>();
    try (ResultSet columns = meta.getColumns(null, escape(schema), escape(table), null)) {
      while (columns.next()) {
        String typeName = columns.getString("TYPE_NAME");
        int precision = Math.max(0, columns.getInt("COLUMN_SIZE"));
        int scale = Math.max(0, columns.getInt("DECIMAL_DIGITS"));
        ArrowType type =
            ColumnTypes.arrowType(columns.getInt("DATA_TYPE"), typeName, precision, scale);
        FlightSqlColumnMetadata metadata =
            new FlightSqlColumnMetadata.Builder()
                .schemaName(schema)
                .tableName(table)
                .typeName(typeName.replace(" NOT NULL", ""))
                .precision(precision)
                .scale(scale)
                .isAutoIncrement(false)
                .isCaseSensitive(true)
                .isReadOnly(false)
                .isSearchable(true)
                .build();
        boolean nullable = columns.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
        fields.add(
            ColumnTypes.field(
                columns.getString("COLUMN_NAME"), type, nullable, metadata.getMetadataMap()));
      }
    }
    return new Schema(fields);
  }

  /** A name as a LIKE pattern matching only itself. */
  private static String escape(String name) {
    return name.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
  }

  void tableTypes(ServerStreamListener listener) throws SQLException {
    Connection connection = pool.borrow();
    try (MetadataStreams rows = new MetadataStreams(Schemas.GET_TABLE_TYPES_SCHEMA, allocator);
        ResultSet types = connection.getMetaData().getTableTypes()) {
      while (types.next()) {
        rows.set("table_type", types.getString(1)).endRow();
      }
      rows.send(listener);
    } finally {
      pool.release(connection);
    }
  }

  /**
   * Sluice tables have no primary or foreign keys; clients still get a valid, empty answer.
   *
   * @param schema the schema of the key listing asked for
   * @param listener the client's stream
   */
  void noKeys(Schema schema, ServerStreamListener listener) {
    try (MetadataStreams rows = new MetadataStreams(schema, allocator)) {
      rows.send(listener);
    }
  }
}
