package io.sluice.sql.catalog;

import io.sluice.sql.SluiceEngine;
import io.sluice.sql.StatementText;
import io.sluice.sql.function.WasmFunctionVersion;
import io.sluice.storage.Store;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.jdbc.CalcitePrepare;

/**
 * A connection's prepared queries by statement text, so running a statement again (a dashboard's
 * refresh, a prepared statement re-created per request, a client that never prepares) skips
 * parsing, validation, planning and Java code generation: the signature Calcite made the first time
 * runs again with new parameter values and new data.
 *
 * <p>An entry holds only while what it was planned from is the same: equal table definitions
 * (names, columns, types, shards, key), the very same function versions (a function replaced, or
 * dropped and created again, is a new version), the same statistics (any bulk write or {@code
 * ANALYZE} changes them) and each table's row count within the same power of two. Plans find tables
 * by name when they run, so rows added within those bounds need no re-planning. Only queries and
 * DML are kept; DDL runs while it is prepared, and {@code EXPLAIN} output is computed then, so both
 * are prepared each time.
 */
public final class PlanCache {
  /** Statements kept per connection, least recently used dropped first. */
  static final int CAPACITY = 256;

  private record Key(String sql, List<String> schemaPath, Type elementType, long maxRowCount) {}

  private record Entry(CalcitePrepare.CalciteSignature<?> signature, List<Object> catalog) {}

  private final Map<Key, Entry> entries =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
          return size() > CAPACITY;
        }
      };

  /**
   * @param sql a statement
   * @return whether its plan may be kept: a query or DML (not DDL, a command or EXPLAIN) that reads
   *     no file in place (a file's columns are read when the statement is planned, and the file may
   *     have changed since)
   */
  public static boolean cacheable(String sql) {
    String word = StatementText.firstKeyword(sql);
    if (sql.toLowerCase(Locale.ROOT).contains("read_")) {
      return false;
    }
    return word.equals("SELECT")
        || word.equals("WITH")
        || word.equals("VALUES")
        || word.equals("INSERT");
  }

  /**
   * @param engine the connection's engine
   * @param sql the statement
   * @param schemaPath the connection's default schema, which resolves unqualified names
   * @param elementType the row type the caller wants
   * @param maxRowCount the row limit the caller set
   * @return the kept signature, or null when there is none or the catalog changed since
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> CalcitePrepare.CalciteSignature<T> find(
      SluiceEngine engine,
      String sql,
      List<String> schemaPath,
      Type elementType,
      long maxRowCount) {
    Key key = new Key(sql, schemaPath, elementType, maxRowCount);
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (!entry.catalog().equals(catalog(engine))) {
      entries.remove(key);
      return null;
    }
    return (CalcitePrepare.CalciteSignature<T>) entry.signature();
  }

  /**
   * @param sql the statement
   * @param schemaPath the connection's default schema
   * @param elementType the row type the caller wanted
   * @param maxRowCount the row limit the caller set
   * @param catalog the catalog the statement was planned against, taken before planning
   * @param signature what was prepared
   */
  public synchronized void put(
      String sql,
      List<String> schemaPath,
      Type elementType,
      long maxRowCount,
      List<Object> catalog,
      CalcitePrepare.CalciteSignature<?> signature) {
    entries.put(new Key(sql, schemaPath, elementType, maxRowCount), new Entry(signature, catalog));
  }

  /** Drops every entry. */
  public synchronized void clear() {
    entries.clear();
  }

  /**
   * What a plan depends on: the statistics' epoch, every table's definition and row-count
   * magnitude, and every function's current version object, in name order.
   *
   * @param engine the engine
   * @return the catalog's identity now
   */
  public static List<Object> catalog(SluiceEngine engine) {
    Store store = engine.store();
    List<Object> identity = new ArrayList<>();
    identity.add(engine.statistics().epoch());
    for (String name : store.tableNames()) {
      store
          .findTable(name)
          .ifPresent(
              table -> {
                identity.add(table.definition());
                // Join orders follow row counts: a table grown (or shrunk) past a power of two
                // is planned again.
                identity.add(64 - Long.numberOfLeadingZeros(table.rowCount()));
              });
    }
    for (WasmFunctionVersion function : engine.functions().all()) {
      identity.add(function);
    }
    return identity;
  }
}
