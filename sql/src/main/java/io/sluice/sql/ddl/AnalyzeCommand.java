package io.sluice.sql.ddl;

import io.sluice.sql.SluiceEngine;
import io.sluice.storage.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/** Runs {@code ANALYZE}: each table read once, its statistics replaced. */
public final class AnalyzeCommand {
  private AnalyzeCommand() {}

  /**
   * @param analyze the statement
   * @param context its context
   * @return the rows read, over all tables
   */
  public static long run(SqlAnalyze analyze, CalcitePrepare.Context context) {
    SluiceEngine engine = SluiceDdlExecutor.engine(context);
    List<Table> tables = new ArrayList<>();
    if (analyze.tables.isEmpty()) {
      for (String name : engine.store().tableNames()) {
        engine.store().findTable(name).ifPresent(tables::add);
      }
    } else {
      for (SqlNode node : analyze.tables) {
        SqlIdentifier identifier = (SqlIdentifier) node;
        String name = SluiceDdlExecutor.tableName(identifier);
        Optional<Table> table = engine.store().findTable(name);
        if (table.isEmpty()) {
          throw SqlErrors.at(identifier, "table " + name + " does not exist");
        }
        tables.add(table.get());
      }
    }
    long rows = 0;
    for (Table table : tables) {
      rows += engine.statistics().analyze(table, engine.allocator()).rows();
    }
    return rows;
  }
}
