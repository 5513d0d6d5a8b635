package io.sluice.sql.exec;

import io.sluice.sql.catalog.SluiceTable;
import io.sluice.sql.load.RowBatcher;
import io.sluice.sql.load.TableWriter;
import io.sluice.storage.Table;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Writes the rows of an {@code INSERT ... SELECT} (or of VALUES the fast path does not take) into a
 * table through a {@link TableWriter}: Arrow batches of {@link RowBatcher#BATCH_ROWS} rows, kept in
 * memory for a small statement and staged by a storage load for a large one, visible all at once.
 */
public final class TableInserter {

  private TableInserter() {}

  /**
   * Called from generated code.
   *
   * @param root the execution's data context
   * @param target the table
   * @param rows the rows to insert, each an {@code Object[]} of Calcite values in column order
   * @return one row: how many rows were inserted
   */
  public static Enumerable<Long> insert(
      DataContext root, SluiceTable target, Enumerable<Object[]> rows) {
    return Linq4j.singletonEnumerable(write(root, target, rows));
  }

  private static long write(DataContext root, SluiceTable target, Enumerable<Object[]> rows) {
    Table table = target.engine().store().table(target.name());
    BufferAllocator allocator =
        target.engine().allocator().newChildAllocator("insert-" + target.name(), 0, Long.MAX_VALUE);
    try (TableWriter writer = TableWriter.into(table, target.engine().allocator());
        Enumerator<Object[]> enumerator = rows.enumerator()) {
      RowBatcher.drain(enumerator, table.schema(), allocator, writer::write, () -> cancelled(root));
      return writer.commit();
    } finally {
      allocator.close();
    }
  }

  static boolean cancelled(DataContext root) {
    Object flag = root.get(DataContext.Variable.CANCEL_FLAG.camelName);
    return flag instanceof AtomicBoolean b && b.get();
  }
}
