package io.sluice.server.sql;

import io.sluice.sql.type.SqlTypes;
import java.sql.ParameterMetaData;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The Arrow types of JDBC columns and parameters, by the project's canonical mapping ({@link
 * SqlTypes}, docs/sql.md). A SQL type Sluice does not store (an ARRAY from a query, say) is sent as
 * its text, so a client always gets every column.
 */
public final class ColumnTypes {
  private ColumnTypes() {}

  /**
   * @param jdbcType the {@link java.sql.Types} code
   * @param typeName the engine's type name, such as {@code TIMESTAMP_WITH_LOCAL_TIME_ZONE(3)} or
   *     {@code BIGINT NOT NULL}
   * @param precision its precision (DECIMAL)
   * @param scale its scale (DECIMAL)
   * @return the Arrow type a column of that type is sent as
   */
  public static ArrowType arrowType(int jdbcType, String typeName, int precision, int scale) {
    SqlTypeName name = sqlTypeName(jdbcType, typeName);
    if (name == null) {
      return ArrowType.Utf8.INSTANCE;
    }
    try {
      return SqlTypes.toArrowType(name, precision, scale, "?");
    } catch (IllegalArgumentException e) {
      return ArrowType.Utf8.INSTANCE;
    }
  }

  /** The SQL type named by the engine, else the one of the JDBC code, else null. */
  private static SqlTypeName sqlTypeName(int jdbcType, String typeName) {
    if (typeName != null) {
      String bare = typeName.replace(" NOT NULL", "").strip();
      int paren = bare.indexOf('(');
      if (paren > 0) {
        bare = bare.substring(0, paren);
      }
      SqlTypeName named = SqlTypeName.get(bare.toUpperCase(Locale.ROOT));
      if (named != null) {
        return named;
      }
      if (bare.contains(" ")) {
        return null; // "INTEGER ARRAY", "VARCHAR MAP"...: a collection, sent as text
      }
    }
    return SqlTypeName.getNameForJdbcType(jdbcType);
  }

  /**
   * @param meta a result's metadata
   * @return the Arrow schema its batches have, with Flight SQL column metadata (type name,
   *     precision, scale, schema and table) that JDBC clients show
   * @throws SQLException if the metadata cannot be read
   */
  public static Schema resultSchema(ResultSetMetaData meta) throws SQLException {
    List<Field> fields = new ArrayList<>();
    for (int c = 1; c <= meta.getColumnCount(); c++) {
      String typeName = meta.getColumnTypeName(c);
      int precision = meta.getPrecision(c);
      int scale = meta.getScale(c);
      ArrowType type = arrowType(meta.getColumnType(c), typeName, precision, scale);
      FlightSqlColumnMetadata.Builder columnMetadata =
          new FlightSqlColumnMetadata.Builder()
              .typeName(typeName)
              .precision(precision)
              .scale(scale)
              .isAutoIncrement(false)
              .isCaseSensitive(true)
              .isReadOnly(true)
              .isSearchable(true);
      if (meta.getSchemaName(c) != null && !meta.getSchemaName(c).isEmpty()) {
        columnMetadata.schemaName(meta.getSchemaName(c));
      }
      if (meta.getTableName(c) != null && !meta.getTableName(c).isEmpty()) {
        columnMetadata.tableName(meta.getTableName(c));
      }
      boolean nullable = meta.isNullable(c) != ResultSetMetaData.columnNoNulls;
      fields.add(
          field(meta.getColumnLabel(c), type, nullable, columnMetadata.build().getMetadataMap()));
    }
    return new Schema(fields);
  }

  /**
   * @param meta a prepared statement's parameters
   * @return one nullable field per parameter ({@code parameter_1}, ...), typed as the engine
   *     inferred them
   * @throws SQLException if the metadata cannot be read
   */
  public static Schema parameterSchema(ParameterMetaData meta) throws SQLException {
    List<Field> fields = new ArrayList<>();
    for (int p = 1; p <= meta.getParameterCount(); p++) {
      ArrowType type =
          arrowType(
              meta.getParameterType(p),
              meta.getParameterTypeName(p),
              meta.getPrecision(p),
              meta.getScale(p));
      fields.add(field("parameter_" + p, type, true, null));
    }
    return new Schema(fields);
  }

  /**
   * @param name the field's name
   * @param type its type
   * @param nullable whether it may hold nulls
   * @param metadata its metadata, or null
   * @return the field
   */
  public static Field field(
      String name, ArrowType type, boolean nullable, Map<String, String> metadata) {
    return new Field(name, new FieldType(nullable, type, null, metadata), null);
  }
}
