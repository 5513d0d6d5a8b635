package io.sluice.sql.load;

import io.sluice.sql.SluicePrepare;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A query run from inside another statement (the query of COPY ... TO or CREATE TABLE AS), on the
 * same connection: planned by Sluice's own preparation, its rows pulled as {@code Object[]} of
 * Calcite values.
 *
 * @param rowType the query's columns
 * @param rows the rows; enumerate once, and close the enumerator
 */
record QueryRows(RelDataType rowType, Enumerable<Object> rows) {

  /**
   * @param context the outer statement's context
   * @param sql the query
   * @return the planned query, not yet run
   */
  static QueryRows plan(CalcitePrepare.Context context, String sql) {
    CalcitePrepare.CalciteSignature<Object> signature =
        new SluicePrepare().prepareSql(context, CalcitePrepare.Query.of(sql), Object[].class, -1);
    if (!signature.parameters.isEmpty()) {
      throw new IllegalArgumentException(
          "the query has ? parameters, which cannot be bound here; write the values in it");
    }
    return new QueryRows(
        signature.rowType,
        signature.enumerable(withValues(context.getDataContext(), signature.internalParameters)));
  }

  /**
   * The outer statement's data context plus the values the query's plan stashed (its shard plans,
   * for one), which Calcite's connection would add when it runs a statement.
   */
  private static org.apache.calcite.DataContext withValues(
      org.apache.calcite.DataContext outer, java.util.Map<String, Object> values) {
    return new org.apache.calcite.DataContext() {
      @Override
      public org.apache.calcite.schema.SchemaPlus getRootSchema() {
        return outer.getRootSchema();
      }

      @Override
      public org.apache.calcite.adapter.java.JavaTypeFactory getTypeFactory() {
        return outer.getTypeFactory();
      }

      @Override
      public org.apache.calcite.linq4j.QueryProvider getQueryProvider() {
        return outer.getQueryProvider();
      }

      @Override
      public Object get(String name) {
        return values.containsKey(name) ? values.get(name) : outer.get(name);
      }
    };
  }

  /**
   * @return an enumerator of the rows, each as an {@code Object[]} (a one-column query's bare
   *     values are wrapped)
   */
  Enumerator<Object[]> arrays() {
    Enumerator<Object> inner = rows.enumerator();
    return new Enumerator<>() {
      private Object[] current;

      @Override
      public Object[] current() {
        return current;
      }

      @Override
      public boolean moveNext() {
        if (!inner.moveNext()) {
          return false;
        }
        Object row = inner.current();
        current = row instanceof Object[] array ? array : new Object[] {row};
        return true;
      }

      @Override
      public void reset() {
        inner.reset();
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }
}
