package io.sluice.sql;

import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.ddl.AnalyzeCommand;
import io.sluice.sql.ddl.SqlAnalyze;
import io.sluice.sql.ddl.SqlCopy;
import io.sluice.sql.load.CopyCommand;
import io.sluice.sql.load.FastInsert;
import io.sluice.sql.load.ValuesScanner;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Statements Sluice runs itself rather than through Calcite's planner, each answering an update
 * count: {@code COPY}, {@code ANALYZE}, and {@code INSERT ... VALUES} of literals and parameters
 * ({@link FastInsert}). Recognized by their first word; an INSERT of plain literals is read by the
 * {@link ValuesScanner}, anything else parsed with the connection's parser.
 */
final class CommandSignatures {
  private CommandSignatures() {}

  /**
   * A prepared fast INSERT: {@link SluiceMeta} runs {@code executeBatch} of it as one append.
   *
   * @param <T> the row type
   */
  static final class FastInsertSignature<T> extends CalcitePrepare.CalciteSignature<T> {
    final FastInsert insert;

    FastInsertSignature(
        String sql,
        List<AvaticaParameter> parameters,
        RelDataType rowType,
        List<ColumnMetaData> columns,
        Bindable<T> bindable,
        FastInsert insert) {
      super(
          sql,
          parameters,
          Map.of(),
          rowType,
          columns,
          Meta.CursorFactory.OBJECT,
          null,
          List.of(),
          -1,
          bindable,
          Meta.StatementType.IS_DML);
      this.insert = insert;
    }
  }

  /**
   * @param sql the statement
   * @return whether it may be a command (its first word is COPY, INSERT or ANALYZE)
   */
  static boolean candidate(String sql) {
    String word = StatementText.firstKeyword(sql);
    return word.equals("COPY") || word.equals("INSERT") || word.equals("ANALYZE");
  }

  /**
   * @param context the statement's context
   * @param sql the statement
   * @param parserConfig the connection's parser configuration
   * @return the signature of a command, or null for a statement the planner takes
   */
  @SuppressWarnings("unchecked")
  static <T> CalcitePrepare.CalciteSignature<T> prepare(
      CalcitePrepare.Context context, String sql, SqlParser.Config parserConfig) {
    if (StatementText.firstKeyword(sql).equals("INSERT")) {
      ValuesScanner.Insert scanned = ValuesScanner.scan(sql, parserConfig);
      if (scanned != null) {
        FastInsert fast =
            FastInsert.plan(scanned, SluiceSchema.of(context).engine(), SluiceSchema.NAME);
        if (fast != null) {
          return fastInsert(sql, fast, context.getTypeFactory());
        }
      }
    }
    SqlNode node;
    try {
      node = SqlParser.create(sql, parserConfig).parseStmt();
    } catch (SqlParseException e) {
      return null; // the planner's own parse reports it
    }
    JavaTypeFactory typeFactory = context.getTypeFactory();
    if (node instanceof SqlCopy copy) {
      Bindable<T> bindable =
          dataContext -> Linq4j.singletonEnumerable((T) (Long) CopyCommand.run(copy, context));
      return count(sql, List.of(), typeFactory, bindable, null);
    }
    if (node instanceof SqlAnalyze analyze) {
      Bindable<T> bindable =
          dataContext ->
              Linq4j.singletonEnumerable((T) (Long) AnalyzeCommand.run(analyze, context));
      return count(sql, List.of(), typeFactory, bindable, null);
    }
    if (node instanceof SqlInsert insert) {
      SluiceSchema schema = SluiceSchema.of(context);
      FastInsert fast = FastInsert.plan(insert, schema.engine(), SluiceSchema.NAME);
      return fast == null ? null : fastInsert(sql, fast, typeFactory);
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static <T> CalcitePrepare.CalciteSignature<T> fastInsert(
      String sql, FastInsert fast, JavaTypeFactory typeFactory) {
    Bindable<T> bindable =
        dataContext -> {
          List<Object> values = new ArrayList<>();
          for (int i = 0; i < fast.parameters().size(); i++) {
            values.add(dataContext.get("?" + i));
          }
          return Linq4j.singletonEnumerable((T) (Long) fast.execute(values));
        };
    return count(sql, fast.parameters(), typeFactory, bindable, fast);
  }

  private static <T> CalcitePrepare.CalciteSignature<T> count(
      String sql,
      List<AvaticaParameter> parameters,
      JavaTypeFactory typeFactory,
      Bindable<T> bindable,
      FastInsert insert) {
    RelDataType rowType =
        typeFactory.createStructType(
            List.of(typeFactory.createSqlType(SqlTypeName.BIGINT)), List.of("ROWCOUNT"));
    ColumnMetaData column =
        new ColumnMetaData(
            0,
            false,
            false,
            false,
            false,
            DatabaseMetaData.columnNoNulls,
            true,
            19,
            "ROWCOUNT",
            "ROWCOUNT",
            null,
            19,
            0,
            null,
            null,
            ColumnMetaData.scalar(Types.BIGINT, "BIGINT", ColumnMetaData.Rep.LONG),
            true,
            false,
            false,
            Long.class.getName());
    if (insert != null) {
      return new FastInsertSignature<>(sql, parameters, rowType, List.of(column), bindable, insert);
    }
    return new CalcitePrepare.CalciteSignature<>(
        sql,
        parameters,
        Map.of(),
        rowType,
        List.of(column),
        Meta.CursorFactory.OBJECT,
        null,
        List.of(),
        -1,
        bindable,
        Meta.StatementType.IS_DML);
  }
}
