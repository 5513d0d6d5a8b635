package io.sluice.sql.ddl;

import io.sluice.sql.SluiceEngine;
import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.load.TableFills;
import io.sluice.sql.parser.impl.SluiceSqlParserImpl;
import io.sluice.sql.type.SqlTypes;
import io.sluice.storage.Compression;
import io.sluice.storage.TableDefinition;
import io.sluice.storage.TableExistsException;
import io.sluice.storage.TableNotFoundException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.server.DdlExecutorImpl;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Pair;

/**
 * Executes Sluice's DDL statements. Calcite dispatches to the {@code execute} overload that matches
 * the statement's class.
 */
public class SluiceDdlExecutor extends DdlExecutorImpl {
  /** The executor. */
  public static final SluiceDdlExecutor INSTANCE = new SluiceDdlExecutor();

  /** Default shard count of a table created without {@code SHARDS n}. */
  public static final int DEFAULT_SHARDS = 4;

  /** The parser factory of Sluice connections: Calcite's grammar plus Sluice's statements. */
  public static final SqlParserImplFactory PARSER_FACTORY =
      new SqlParserImplFactory() {
        @Override
        public SqlAbstractParserImpl getParser(Reader stream) {
          return SluiceSqlParserImpl.FACTORY.getParser(stream);
        }

        @Override
        public DdlExecutor getDdlExecutor() {
          return INSTANCE;
        }
      };

  /** Only {@link #INSTANCE}. */
  protected SluiceDdlExecutor() {}

  /**
   * @param context the statement's context
   * @return the engine of the connection
   */
  static SluiceEngine engine(CalcitePrepare.Context context) {
    return schema(context).engine();
  }

  /**
   * @param context the statement's context
   * @return the connection's Sluice schema
   */
  static SluiceSchema schema(CalcitePrepare.Context context) {
    CalciteSchema sluice = context.getRootSchema().getSubSchema(SluiceSchema.NAME, true);
    if (sluice == null) {
      throw new IllegalStateException("the connection has no Sluice schema");
    }
    return (SluiceSchema) sluice.schema;
  }

  /**
   * {@code CREATE [OR REPLACE] FUNCTION|AGGREGATE ... USING WASM}.
   *
   * @param create the statement
   * @param context its context
   */
  public void execute(SqlCreateWasmFunction create, CalcitePrepare.Context context) {
    FunctionDdl.create(create, context, engine(context));
  }

  /**
   * {@code DROP FUNCTION|AGGREGATE}.
   *
   * @param drop the statement
   * @param context its context
   */
  public void execute(SqlDropWasmFunction drop, CalcitePrepare.Context context) {
    FunctionDdl.drop(drop, engine(context));
  }

  /**
   * {@code CREATE [OR REPLACE] TABLE}, with declared columns, {@code AS query} or {@code FROM
   * 'files'}. A table filled by a query or files appears with all its rows in one write (replacing
   * the old one in that same write for OR REPLACE), or not at all.
   *
   * @param create the statement
   * @param context its context
   */
  public void execute(SqlCreateSluiceTable create, CalcitePrepare.Context context) {
    String name = tableName(create.name);
    SluiceEngine engine = engine(context);
    if (create.getReplace() && create.ifNotExists) {
      throw SqlErrors.at(create, "OR REPLACE and IF NOT EXISTS cannot be used together");
    }
    boolean exists = engine.store().findTable(name).isPresent();
    if (exists && create.ifNotExists) {
      return;
    }
    if (exists && !create.getReplace()) {
      throw SqlErrors.at(create.name, "table " + name + " already exists");
    }
    if (create.query != null) {
      if (create.columns != null) {
        throw SqlErrors.at(
            create.columns,
            "CREATE TABLE AS takes its columns from the query; name them with aliases"
                + " (SELECT expression AS name)");
      }
      TableFills.fromQuery(create, context, name, this::definition);
      return;
    }
    if (create.source != null) {
      TableFills.fromFiles(create, context, name, this::definition);
      return;
    }
    if (create.columns == null) {
      throw SqlErrors.at(
          create.name,
          "CREATE TABLE "
              + name
              + " needs its columns, AS followed by a query, or FROM followed by a file");
    }
    TableDefinition definition = definition(create, name, declaredSchema(create, context));
    try {
      if (create.getReplace()) {
        TableFills.empty(engine, definition);
      } else {
        engine.store().createTable(definition);
        engine.statistics().forget(definition.name()); // a table of that name may have had some
      }
    } catch (TableExistsException e) {
      throw SqlErrors.at(create.name, "table " + name + " already exists");
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(create, e.getMessage());
    }
  }

  /**
   * @param create the statement
   * @param context its context
   * @return the columns it declares
   */
  public static Schema declaredSchema(SqlCreateSluiceTable create, CalcitePrepare.Context context) {
    SqlValidator validator = Validators.of(context);
    List<Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SqlNode node : create.columns) {
      SqlColumnDeclaration column = (SqlColumnDeclaration) node;
      String columnName = column.name.getSimple();
      if (!names.add(columnName)) {
        throw SqlErrors.at(column.name, "column " + columnName + " is declared twice");
      }
      RelDataType type = column.dataType.deriveType(validator, true);
      try {
        fields.add(SqlTypes.toField(columnName, type));
      } catch (IllegalArgumentException e) {
        throw SqlErrors.at(column.dataType.getParserPosition(), e.getMessage(), e);
      }
    }
    return new Schema(fields);
  }

  /**
   * Builds the definition of a table with the given columns and the statement's distribution, shard
   * count and storage options.
   *
   * @param create the statement
   * @param name the table's name
   * @param schema its columns
   * @return the definition
   */
  private TableDefinition definition(SqlCreateSluiceTable create, String name, Schema schema) {
    Set<String> names = new HashSet<>();
    for (Field field : schema.getFields()) {
      names.add(field.getName());
    }
    TableDefinition.Builder definition = TableDefinition.builder(name, schema);
    int shards = DEFAULT_SHARDS;
    if (create.shards != null) {
      java.math.BigDecimal requested = create.shards.bigDecimalValue();
      if (requested == null
          || requested.compareTo(java.math.BigDecimal.ONE) < 0
          || requested.compareTo(java.math.BigDecimal.valueOf(TableDefinition.MAX_SHARDS)) > 0
          || requested.stripTrailingZeros().scale() > 0) {
        throw SqlErrors.at(
            create.shards,
            "SHARDS must be a whole number between 1 and "
                + TableDefinition.MAX_SHARDS
                + ", not "
                + create.shards.toValue());
      }
      shards = requested.intValueExact();
    }
    definition.shards(shards);
    if (create.distributedBy != null) {
      String key = create.distributedBy.getSimple();
      if (!names.contains(key)) {
        throw SqlErrors.at(
            create.distributedBy, "DISTRIBUTED BY names " + key + ", which is not a column");
      }
      definition.distributedBy(key);
    }
    Map<String, Pair<String, SqlNode>> options;
    try {
      options = SqlOptions.toMap(create.options);
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(create.options, e.getMessage());
    }
    for (Map.Entry<String, Pair<String, SqlNode>> option : options.entrySet()) {
      String value = option.getValue().left;
      SqlNode where = option.getValue().right;
      switch (option.getKey()) {
        case "compression":
          try {
            definition.compression(compression(value));
          } catch (IllegalArgumentException e) {
            throw SqlErrors.at(where, "compression must be none, lz4 or zstd, not " + value);
          }
          break;
        case "chunk_rows":
          try {
            definition.chunkRows(Integer.parseInt(value));
          } catch (NumberFormatException e) {
            throw SqlErrors.at(where, "chunk_rows must be a whole number, not " + value);
          }
          break;
        default:
          throw SqlErrors.at(
              where,
              "unknown table option "
                  + option.getKey()
                  + "; known options: compression, chunk_rows"
                  + (create.source != null
                      ? " (file options go in the WITH list after FROM 'file')"
                      : ""));
      }
    }
    try {
      return definition.build();
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(create, e.getMessage());
    }
  }

  /**
   * {@code DROP TABLE}.
   *
   * @param drop the statement
   * @param context its context
   */
  public void execute(SqlDropSluiceTable drop, CalcitePrepare.Context context) {
    String name = tableName(drop.name);
    SluiceEngine engine = engine(context);
    try {
      if (drop.ifExists) {
        engine.store().dropTableIfExists(name);
      } else {
        engine.store().dropTable(name);
      }
      engine.statistics().forget(name);
    } catch (TableNotFoundException e) {
      throw SqlErrors.at(drop.name, "table " + name + " does not exist");
    }
  }

  private static Compression compression(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "none":
        return Compression.NONE;
      case "lz4":
        return Compression.LZ4_FRAME;
      case "zstd":
        return Compression.ZSTD;
      default:
        throw new IllegalArgumentException(name);
    }
  }

  static String tableName(org.apache.calcite.sql.SqlIdentifier identifier) {
    if (identifier.names.size() == 2 && identifier.names.get(0).equals(SluiceSchema.NAME)) {
      return identifier.names.get(1);
    }
    if (!identifier.isSimple()) {
      throw SqlErrors.at(
          identifier,
          "tables live in schema " + SluiceSchema.NAME + "; " + identifier + " is not one");
    }
    return identifier.getSimple();
  }
}
