package io.sluice.sql.load;

import io.sluice.connectors.BatchSink;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import io.sluice.connectors.FileSet;
import io.sluice.connectors.FileSink;
import io.sluice.connectors.FileSource;
import io.sluice.sql.Notices;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.ddl.SqlCopy;
import io.sluice.sql.ddl.SqlErrors;
import io.sluice.sql.ddl.SqlOptions;
import io.sluice.sql.type.SqlTypes;
import io.sluice.storage.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.util.Pair;

/**
 * Runs {@code COPY}: loads files into a table all at once ({@code FROM}), or writes a table's or a
 * query's rows to a file ({@code TO}). A load reads the files on one thread while the table writer
 * stages chunks on another; nothing of it is visible until every file was read, and a bad row fails
 * the whole load (naming the file, line, column and value) unless {@code on_error = 'skip'}, which
 * reports how many rows it skipped and why as a notice.
 */
public final class CopyCommand {
  private CopyCommand() {}

  /**
   * @param copy the statement
   * @param context its context
   * @return rows loaded or written
   */
  public static long run(SqlCopy copy, CalcitePrepare.Context context) {
    SluiceSchema schema = SluiceSchema.of(context);
    FileOptions options = options(copy.options);
    return copy.from
        ? load(copy, schema, options, context)
        : export(copy, schema, options, context);
  }

  /**
   * @param list a WITH list
   * @return its file options
   */
  static FileOptions options(SqlNodeList list) {
    Map<String, Pair<String, SqlNode>> given;
    try {
      given = SqlOptions.toMap(list);
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(list, e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    given.forEach((name, value) -> values.put(name.equals("nullstr") ? "null" : name, value.left));
    try {
      return FileOptions.of(values);
    } catch (ConnectorException e) {
      throw SqlErrors.at(list, e.getMessage());
    }
  }

  private static String tableName(SqlIdentifier identifier) {
    if (identifier.names.size() == 2 && identifier.names.get(0).equals(SluiceSchema.NAME)) {
      return identifier.names.get(1);
    }
    if (!identifier.isSimple()) {
      throw SqlErrors.at(identifier, identifier + " is not a table of schema " + SluiceSchema.NAME);
    }
    return identifier.getSimple();
  }

  private static Table table(SqlIdentifier identifier, SluiceEngine engine) {
    String name = tableName(identifier);
    return engine
        .store()
        .findTable(name)
        .orElseThrow(() -> SqlErrors.at(identifier, "table " + name + " does not exist"));
  }

  private static long load(
      SqlCopy copy, SluiceSchema schema, FileOptions options, CalcitePrepare.Context context) {
    SluiceEngine engine = schema.engine();
    Table table = table(copy.table, engine);
    List<Field> fields = table.schema().getFields();
    int[] targetOfColumn = new int[fields.size()];
    Schema wanted = table.schema();
    if (copy.columns != null) {
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        byName.put(fields.get(i).getName(), i);
        targetOfColumn[i] = -1;
      }
      List<Field> listed = new ArrayList<>();
      for (SqlNode node : copy.columns) {
        String name = ((SqlIdentifier) node).getSimple();
        Integer index = byName.get(name);
        if (index == null) {
          throw SqlErrors.at(node, "table " + table.name() + " has no column " + name);
        }
        if (targetOfColumn[index] >= 0) {
          throw SqlErrors.at(node, "column " + name + " is named twice");
        }
        targetOfColumn[index] = listed.size();
        listed.add(fields.get(index));
      }
      for (int i = 0; i < fields.size(); i++) {
        if (targetOfColumn[i] < 0 && !fields.get(i).isNullable()) {
          throw SqlErrors.at(
              copy.columns,
              "column " + fields.get(i).getName() + " is NOT NULL, so the files must fill it");
        }
      }
      wanted = new Schema(listed);
    } else {
      for (int i = 0; i < fields.size(); i++) {
        targetOfColumn[i] = i;
      }
    }
    FileSet files;
    FileSource source;
    try {
      files = schema.files().resolveInput(copy.pathText());
      source = FileSource.into(files, options, wanted);
    } catch (ConnectorException e) {
      throw SqlErrors.at(copy.path, e.getMessage());
    }
    Loads.Result result =
        Loads.intoTable(
            engine, table, source, targetOfColumn, read -> {}, () -> cancelled(context));
    report("COPY " + table.name(), result);
    return result.rows();
  }

  /** Writes a batch of the listed columns as the table's, the others NULL. */
  static void writeExpanded(
      TableWriter writer,
      VectorSchemaRoot batch,
      List<Field> fields,
      int[] targetOfColumn,
      BufferAllocator allocator) {
    boolean identity = batch.getFieldVectors().size() == fields.size();
    for (int i = 0; identity && i < fields.size(); i++) {
      identity = targetOfColumn[i] == i;
    }
    if (identity) {
      writer.write(batch);
      return;
    }
    List<FieldVector> vectors = new ArrayList<>();
    List<FieldVector> made = new ArrayList<>();
    try {
      for (int i = 0; i < fields.size(); i++) {
        if (targetOfColumn[i] >= 0) {
          vectors.add(batch.getVector(targetOfColumn[i]));
        } else {
          FieldVector nulls = fields.get(i).createVector(allocator);
          nulls.setInitialCapacity(batch.getRowCount());
          nulls.allocateNew();
          nulls.setValueCount(batch.getRowCount()); // all null: the validity buffer is zeroed
          made.add(nulls);
          vectors.add(nulls);
        }
      }
      VectorSchemaRoot full = new VectorSchemaRoot(fields, vectors, batch.getRowCount());
      writer.write(full);
    } finally {
      made.forEach(ValueVector::close);
    }
  }

  /** Tells the user about rows left out under on_error = 'skip'. */
  static void report(String what, Loads.Result result) {
    long skipped = result.skipped();
    if (skipped > 0) {
      Notices.add(
          what
              + " skipped "
              + skipped
              + (skipped == 1 ? " row" : " rows")
              + " that could not be read: "
              + String.join("; ", result.reasons())
              + (skipped > result.reasons().size() ? "; ..." : ""));
    }
  }

  static boolean cancelled(CalcitePrepare.Context context) {
    Object flag = context.getDataContext().get(DataContext.Variable.CANCEL_FLAG.camelName);
    return flag instanceof AtomicBoolean b && b.get();
  }

  private static long export(
      SqlCopy copy, SluiceSchema schema, FileOptions options, CalcitePrepare.Context context) {
    SluiceEngine engine = schema.engine();
    String sql;
    if (copy.queryText != null) {
      sql = copy.queryText;
    } else {
      Table table = table(copy.table, engine);
      StringBuilder select = new StringBuilder("SELECT ");
      if (copy.columns == null) {
        select.append('*');
      } else {
        for (int i = 0; i < copy.columns.size(); i++) {
          select
              .append(i == 0 ? "" : ", ")
              .append(quote(((SqlIdentifier) copy.columns.get(i)).getSimple()));
        }
      }
      sql =
          select
              .append(" FROM ")
              .append(SluiceSchema.NAME)
              .append('.')
              .append(quote(table.name()))
              .toString();
    }
    Path target;
    try {
      target = schema.files().resolveOutput(copy.pathText());
    } catch (ConnectorException e) {
      throw SqlErrors.at(copy.path, e.getMessage());
    }
    QueryRows query = QueryRows.plan(context, sql);
    Schema fileSchema;
    try {
      fileSchema = SqlTypes.toSchema(query.rowType());
    } catch (IllegalArgumentException e) {
      throw SqlErrors.at(copy, "cannot write the query's rows: " + e.getMessage());
    }
    BufferAllocator allocator =
        engine.allocator().newChildAllocator("copy-to-" + target.getFileName(), 0, Long.MAX_VALUE);
    try (BatchSink sink = open(copy, target, fileSchema, options, allocator);
        Enumerator<Object[]> rows = query.arrays()) {
      long count =
          RowBatcher.drain(rows, fileSchema, allocator, sink::write, () -> cancelled(context));
      sink.finish();
      return count;
    } finally {
      allocator.close();
    }
  }

  private static BatchSink open(
      SqlCopy copy, Path target, Schema schema, FileOptions options, BufferAllocator allocator) {
    try {
      return FileSink.open(target, schema, options, allocator);
    } catch (ConnectorException e) {
      throw SqlErrors.at(copy.options.isEmpty() ? copy.path : copy.options, e.getMessage());
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
