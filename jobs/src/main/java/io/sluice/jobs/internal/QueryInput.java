package io.sluice.jobs.internal;

import io.sluice.sql.type.SqlTypes;
import io.sluice.storage.Store;
import io.sluice.storage.Table;
import io.sluice.storage.TableDefinition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A job's SQL input: the embedded engine runs the query (filters, projections and wasm calls pushed
 * to the shards as in any query) into a temporary table of as many shards as the job has
 * partitions, in one atomic {@code INSERT ... SELECT}; the map tasks then scan that table shard by
 * shard. Connections go through JDBC, so they share the engine already open for the directory.
 */
public final class QueryInput {
  /** Rows per chunk of the temporary table: small, so a modest result spreads over every shard. */
  static final int CHUNK_ROWS = 4096;

  private QueryInput() {}

  /**
   * Plans the query without running it.
   *
   * @param directory the data directory
   * @param sql the query
   * @return the columns it returns
   * @throws IllegalArgumentException if it does not plan, or returns a type Sluice cannot store
   */
  public static Schema describe(Path directory, String sql) {
    try (Connection connection = connect(directory);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      ResultSetMetaData columns = statement.getMetaData();
      List<Field> fields = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 1; i <= columns.getColumnCount(); i++) {
        String name = columns.getColumnLabel(i);
        if (!names.add(name)) {
          throw new IllegalArgumentException(
              "the input query returns two columns named " + name + "; name them apart with AS");
        }
        ArrowType type =
            SqlTypes.toArrowType(
                typeName(columns.getColumnTypeName(i), columns.getColumnType(i)),
                columns.getPrecision(i),
                columns.getScale(i),
                name);
        fields.add(new Field(name, FieldType.nullable(type), null));
      }
      return new Schema(fields);
    } catch (SQLException e) {
      throw new IllegalArgumentException("the input query fails: " + e.getMessage(), e);
    }
  }

  /**
   * Runs the query into a new temporary table.
   *
   * @param store the store
   * @param directory its data directory
   * @param sql the query
   * @param schema its columns, from {@link #describe}
   * @param name the temporary table's name
   * @param shards how many shards it gets: one map task each
   * @return the filled table
   * @throws SQLException if the query fails
   */
  static Table materialize(
      Store store, Path directory, String sql, Schema schema, String name, int shards)
      throws SQLException {
    Table table =
        store.createTable(
            TableDefinition.builder(name, schema).shards(shards).chunkRows(CHUNK_ROWS).build());
    try (Connection connection = connect(directory);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO \"" + name + "\" " + sql);
    }
    return table;
  }

  private static SqlTypeName typeName(String name, int jdbcType) {
    SqlTypeName byName = SqlTypeName.get(name.toUpperCase(java.util.Locale.ROOT));
    return byName != null ? byName : SqlTypeName.getNameForJdbcType(jdbcType);
  }

  private static Connection connect(Path directory) throws SQLException {
    return Connections.open(directory);
  }
}
