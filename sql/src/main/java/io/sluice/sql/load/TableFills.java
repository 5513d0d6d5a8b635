package io.sluice.sql.load;

import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.connectors.FileSet;
import io.sluice.connectors.FileSource;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.ddl.SqlCreateSluiceTable;
import io.sluice.sql.ddl.SqlErrors;
import io.sluice.sql.type.SqlTypes;
import io.sluice.storage.TableDefinition;
import io.sluice.storage.TableExistsException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.sql.SqlLiteral;

/**
 * Fills the table a {@code CREATE TABLE} makes: with a query's rows ({@code AS}) or files' rows
 * ({@code FROM}), through a {@link TableWriter} that creates the table with its rows in one write.
 */
public final class TableFills {
  private TableFills() {}

  /** Builds a table's definition from the statement and the columns found. */
  public interface Definer {
    /**
     * @param create the statement
     * @param name the table's name
     * @param schema its columns
     * @return the definition
     */
    TableDefinition define(SqlCreateSluiceTable create, String name, Schema schema);
  }

  /**
   * {@code CREATE TABLE name AS query}.
   *
   * @param create the statement
   * @param context its context
   * @param name the table's name
   * @param definer builds the definition
   */
  public static void fromQuery(
      SqlCreateSluiceTable create, CalcitePrepare.Context context, String name, Definer definer) {
    SluiceEngine engine = SluiceSchema.of(context).engine();
    QueryRows query = QueryRows.plan(context, create.queryText);
    Schema schema;
    try {
      schema = nullable(SqlTypes.toSchema(query.rowType()));
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(create.query, "cannot store the query's rows: " + e.getMessage());
    }
    TableDefinition definition = definer.define(create, name, schema);
    BufferAllocator allocator =
        engine.allocator().newChildAllocator("create-" + name, 0, Long.MAX_VALUE);
    try (TableWriter writer = creating(engine, definition, create);
        Enumerator<Object[]> rows = query.arrays()) {
      RowBatcher.drain(
          rows, schema, allocator, writer::write, () -> CopyCommand.cancelled(context));
      commit(writer, create, name);
    } finally {
      allocator.close();
    }
  }

  /**
   * {@code CREATE TABLE name [(columns)] FROM 'files' [WITH (...)]}: the columns declared, or the
   * ones the files describe.
   *
   * @param create the statement
   * @param context its context
   * @param name the table's name
   * @param definer builds the definition
   */
  public static void fromFiles(
      SqlCreateSluiceTable create, CalcitePrepare.Context context, String name, Definer definer) {
    SluiceSchema sluice = SluiceSchema.of(context);
    SluiceEngine engine = sluice.engine();
    FileOptions options = CopyCommand.options(create.fileOptions);
    FileSource source;
    try {
      FileSet files =
          sluice.files().resolveInput(((SqlLiteral) create.source).getValueAs(String.class));
      source =
          create.columns == null
              ? FileSource.describedBy(files, options, engine.allocator())
              : FileSource.into(
                  files,
                  options,
                  io.sluice.sql.ddl.SluiceDdlExecutor.declaredSchema(create, context));
    } catch (ConnectorException e) {
      throw SqlErrors.at(create.source, e.getMessage());
    }
    TableDefinition definition = definer.define(create, name, source.schema());
    Loads.Result result;
    try {
      result =
          Loads.newTable(
              engine,
              definition,
              create.getReplace(),
              source,
              read -> {},
              () -> CopyCommand.cancelled(context));
    } catch (TableExistsException e) {
      throw SqlErrors.at(create.name, "table " + name + " already exists");
    }
    CopyCommand.report("CREATE TABLE " + name, result);
  }

  /**
   * {@code CREATE OR REPLACE TABLE} with declared columns: the empty table replaces the old one in
   * one write.
   *
   * @param engine the engine
   * @param definition the new table
   */
  public static void empty(SluiceEngine engine, TableDefinition definition) {
    try (TableWriter writer =
        TableWriter.creating(engine.store(), definition, true, engine.allocator())
            .keepingStatistics(engine.statistics())) {
      writer.commit();
    }
  }

  private static TableWriter creating(
      SluiceEngine engine, TableDefinition definition, SqlCreateSluiceTable create) {
    try {
      return TableWriter.creating(
              engine.store(), definition, create.getReplace(), engine.allocator())
          .keepingStatistics(engine.statistics());
    } catch (TableExistsException e) {
      throw SqlErrors.at(create.name, "table " + definition.name() + " already exists");
    }
  }

  private static void commit(TableWriter writer, SqlCreateSluiceTable create, String name) {
    try {
      writer.commit();
    } catch (TableExistsException e) {
      throw SqlErrors.at(create.name, "table " + name + " was created meanwhile");
    }
  }

  private static Schema nullable(Schema schema) {
    List<Field> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      fields.add(
          new Field(
              field.getName(),
              new org.apache.arrow.vector.types.pojo.FieldType(true, field.getType(), null),
              null));
    }
    return new Schema(fields);
  }
}
