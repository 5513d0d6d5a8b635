package io.sluice.sql.catalog;

import io.sluice.sql.SluiceEngine;
import io.sluice.sql.exec.QueryLog;
import io.sluice.sql.function.WasmFunctionVersion;
import io.sluice.udf.UdfStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code sys.explain_analyze(sql)}, what {@code EXPLAIN ANALYZE query} expands into: runs the query
 * (reading every row), then reports its plan and what actually happened: rows and time, and per
 * shard fragment the shards, chunks read and skipped, rows scanned and rows and bytes moved to the
 * coordinator, and per wasm function the calls, rows and time spent in the guest and copying.
 */
public final class ExplainAnalyze implements TableFunction, ImplementableFunction {
  private static final Map<Long, ExplainAnalyze> BY_ID = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();

  private final long id = IDS.incrementAndGet();
  private final SluiceEngine engine;
  private final Connection connection;

  ExplainAnalyze(SluiceEngine engine, Connection connection) {
    this.engine = engine;
    this.connection = connection;
    BY_ID.put(id, this);
  }

  /** Forgets this connection's instance (the connection is closing). */
  public void forget() {
    BY_ID.remove(id);
  }

  /**
   * Called from generated code: runs a query and reports on it.
   *
   * @param id the connection's instance
   * @param sql the query
   * @return the report's lines
   */
  public static Enumerable<Object[]> report(long id, String sql) {
    ExplainAnalyze explain = BY_ID.get(id);
    if (explain == null) {
      throw new IllegalStateException("EXPLAIN ANALYZE: the connection is closed");
    }
    try {
      return Linq4j.asEnumerable(explain.run(sql));
    } catch (SQLException e) {
      throw new IllegalStateException("EXPLAIN ANALYZE: " + e.getMessage(), e);
    }
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory, List<? extends Object> arguments) {
    return typeFactory.builder().add("line", SqlTypeName.VARCHAR).build();
  }

  @Override
  public java.lang.reflect.Type getElementType(List<? extends Object> arguments) {
    return Object[].class;
  }

  @Override
  public CallImplementor getImplementor() {
    return RexImpTable.createImplementor(
        (translator, call, operands) ->
            Expressions.call(
                ExplainAnalyze.class, "report", Expressions.constant(id), operands.get(0)),
        NullPolicy.NONE,
        false);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return List.of(
        new FunctionParameter() {
          @Override
          public int getOrdinal() {
            return 0;
          }

          @Override
          public String getName() {
            return "sql";
          }

          @Override
          public RelDataType getType(RelDataTypeFactory typeFactory) {
            return typeFactory.createSqlType(SqlTypeName.VARCHAR);
          }

          @Override
          public boolean isOptional() {
            return false;
          }
        });
  }

  private List<Object[]> run(String sql) throws SQLException {
    List<Object[]> lines = new ArrayList<>();
    lines.add(new Object[] {"plan:"});
    try (Statement statement = connection.createStatement();
        ResultSet plan = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (plan.next()) {
        for (String line : plan.getString(1).split("\n")) {
          lines.add(new Object[] {"  " + line});
        }
      }
    }
    Map<String, UdfStats> before = functionStats();
    List<QueryLog.Entry> fragments = QueryLog.observe();
    long rows = 0;
    long start = System.nanoTime();
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      while (results.next()) {
        rows++;
      }
    } finally {
      QueryLog.stopObserving();
    }
    double millis = (System.nanoTime() - start) / 1e6;
    lines.add(
        new Object[] {String.format(Locale.ROOT, "execution: %,d rows in %.1f ms", rows, millis)});
    int n = 0;
    for (QueryLog.Entry fragment : fragments) {
      lines.add(new Object[] {"  shard fragment " + (++n) + ": " + fragment.fragment()});
      // A file scan's parts are scan tasks and its chunks are row groups (or Arrow batches).
      boolean files = fragment.fragment().startsWith("files=");
      lines.add(
          new Object[] {
            String.format(
                Locale.ROOT,
                (files
                        ? "    %d scan tasks, %d row groups read, %d skipped by statistics,"
                        : "    %d shards, %d chunks read, %d skipped by statistics,")
                    + " %,d bytes read,"
                    + " %,d rows scanned; moved to the coordinator: %,d rows, %,d bytes in %d"
                    + " batches; %.1f ms",
                fragment.stats().shards(),
                fragment.stats().chunksRead(),
                fragment.stats().chunksSkipped(),
                fragment.stats().bytesRead(),
                fragment.stats().rowsScanned(),
                fragment.stats().rowsMoved(),
                fragment.stats().bytesMoved(),
                fragment.stats().batchesMoved(),
                fragment.elapsedNanos() / 1e6)
          });
    }
    Map<String, UdfStats> after = functionStats();
    for (Map.Entry<String, UdfStats> entry : after.entrySet()) {
      UdfStats was = before.get(entry.getKey());
      UdfStats now = entry.getValue();
      long calls = now.calls() - (was == null ? 0 : was.calls());
      if (calls == 0) {
        continue;
      }
      lines.add(
          new Object[] {
            String.format(
                Locale.ROOT,
                "  wasm %s: %,d calls, %,d batches, %,d rows, %.1f ms in the guest, %.1f ms"
                    + " copying, %d traps, %d timeouts, %s",
                entry.getKey(),
                calls,
                now.batches() - (was == null ? 0 : was.batches()),
                now.rows() - (was == null ? 0 : was.rows()),
                (now.guestNanos() - (was == null ? 0 : was.guestNanos())) / 1e6,
                (now.copyNanos() - (was == null ? 0 : was.copyNanos())) / 1e6,
                now.traps() - (was == null ? 0 : was.traps()),
                now.timeouts() - (was == null ? 0 : was.timeouts()),
                now.mode().name().toLowerCase(Locale.ROOT))
          });
    }
    return lines;
  }

  private Map<String, UdfStats> functionStats() {
    Map<String, UdfStats> stats = new LinkedHashMap<>();
    for (WasmFunctionVersion version : engine.functions().all()) {
      version.stats().ifPresent(s -> stats.put(version.name(), s));
    }
    return stats;
  }
}
