package io.sluice.sql.load;

import io.sluice.sql.stats.StatisticsCatalog;
import io.sluice.sql.stats.TableSketches;
import io.sluice.storage.AppendResult;
import io.sluice.storage.Store;
import io.sluice.storage.Table;
import io.sluice.storage.TableDefinition;
import io.sluice.storage.TableLoad;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rows of one statement into a table, all or nothing. Rows up to {@link
 * #IN_MEMORY_BYTES} stay in memory and go to the table in one atomic append when the statement
 * commits, as small INSERTs always did; past that, the writer switches to a storage {@link
 * TableLoad}, which stages full chunks on disk and publishes them in one write, so a statement of
 * any size takes bounded memory. A writer that creates its table always loads: the table appears
 * with its rows or not at all.
 */
public final class TableWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

  /** Buffered bytes past which rows are staged by a load rather than kept in memory. */
  static final long IN_MEMORY_BYTES = 64L << 20;

  private final Table table;
  private final String name;
  private final Schema schema;
  private final BufferAllocator allocator;
  private final List<VectorSchemaRoot> pending = new ArrayList<>();
  private long pendingBytes;
  private TableLoad load;
  private long rows;
  private boolean done;
  private StatisticsCatalog statistics;
  private TableSketches sketches;

  private TableWriter(
      Table table, String name, TableLoad load, Schema schema, BufferAllocator allocator) {
    this.table = table;
    this.name = name;
    this.load = load;
    this.schema = schema;
    this.allocator = allocator;
  }

  /**
   * @param table an existing table
   * @param allocator the parent of the writer's memory
   * @return a writer appending to it
   */
  public static TableWriter into(Table table, BufferAllocator allocator) {
    BufferAllocator own =
        allocator.newChildAllocator("writing table '" + table.name() + "'", 0, Long.MAX_VALUE);
    return new TableWriter(table, table.name(), null, table.schema(), own);
  }

  /**
   * @param store the store
   * @param definition the table to create when the writer commits
   * @param replace whether it replaces a table of that name in the same write
   * @param allocator the parent of the writer's memory
   * @return a writer filling a new table
   */
  public static TableWriter creating(
      Store store, TableDefinition definition, boolean replace, BufferAllocator allocator) {
    BufferAllocator own =
        allocator.newChildAllocator(
            "creating table '" + definition.name() + "'", 0, Long.MAX_VALUE);
    try {
      return new TableWriter(
          null,
          definition.name(),
          store.loadNewTable(definition, replace, own),
          definition.schema(),
          own);
    } catch (RuntimeException e) {
      own.close();
      throw e;
    }
  }

  /**
   * Keeps the table's statistics current with this writer's rows, for the bulk paths (loads,
   * ingests, {@code CREATE TABLE AS}): a new or empty table gets the rows' statistics, a table with
   * statistics has them merged in, and a table without any stays without (its earlier rows are
   * unknown; {@code ANALYZE} gathers them).
   *
   * @param catalog where the statistics are kept
   * @return this writer
   */
  public TableWriter keepingStatistics(StatisticsCatalog catalog) {
    this.statistics = catalog;
    this.sketches = new TableSketches(schema);
    return this;
  }

  /**
   * @return the columns rows are written with
   */
  public Schema schema() {
    return schema;
  }

  /**
   * @return rows written so far
   */
  public long rows() {
    return rows;
  }

  /**
   * Adds a batch whose columns are the table's, in order, of the same types (names may differ).
   *
   * @param batch the rows; read, and emptied when its buffers move over
   */
  public void write(VectorSchemaRoot batch) {
    if (batch.getRowCount() == 0) {
      return;
    }
    rows += batch.getRowCount();
    if (sketches != null) {
      sketches.add(batch);
    }
    if (load != null) {
      try (VectorSchemaRoot renamed = take(batch)) {
        load.append(renamed);
      }
      return;
    }
    VectorSchemaRoot kept = take(batch);
    pending.add(kept);
    for (FieldVector vector : kept.getFieldVectors()) {
      pendingBytes += vector.getBufferSize();
    }
    if (pendingBytes > IN_MEMORY_BYTES) {
      load = table.load(allocator);
      for (VectorSchemaRoot root : pending) {
        load.append(root);
        root.close();
      }
      pending.clear();
      pendingBytes = 0;
    }
  }

  /** Moves a batch's buffers into a root of the table's schema, owned by this writer. */
  private VectorSchemaRoot take(VectorSchemaRoot batch) {
    List<Field> fields = schema.getFields();
    List<FieldVector> vectors = new ArrayList<>(fields.size());
    try {
      for (int c = 0; c < fields.size(); c++) {
        FieldVector from = batch.getVector(c);
        TransferPair transfer = from.getTransferPair(fields.get(c), allocator);
        transfer.transfer();
        FieldVector to = (FieldVector) transfer.getTo();
        to.setValueCount(batch.getRowCount());
        vectors.add(to);
      }
    } catch (RuntimeException e) {
      vectors.forEach(ValueVector::close);
      throw e;
    }
    return new VectorSchemaRoot(fields, vectors, batch.getRowCount());
  }

  /**
   * Makes every row written visible at once.
   *
   * @return rows written
   */
  public long commit() {
    try {
      // Whether these rows are all the table holds, decided as late as possible: another writer
      // may have committed since this one started.
      boolean replacesStatistics = table == null || table.rowCount() == 0;
      long written;
      if (load != null) {
        AppendResult result = load.commit();
        written = result.rows();
      } else {
        if (!pending.isEmpty()) {
          table.appendAll(pending);
        }
        written = rows;
      }
      if (statistics != null) {
        try {
          statistics.recordWrite(name, sketches, replacesStatistics);
        } catch (RuntimeException e) {
          // The rows are committed; statistics only steer plans, so a failure here must not
          // report the write as failed. ANALYZE can gather them again.
          LOG.warn("could not record the statistics of a write to table {}", name, e);
        }
      }
      return written;
    } finally {
      done = true;
      close();
    }
  }

  /** Throws away what was written unless the writer committed. Idempotent. */
  @Override
  public void close() {
    try {
      pending.forEach(VectorSchemaRoot::close);
      pending.clear();
      if (load != null) {
        load.close();
      }
    } finally {
      if (!closed) {
        closed = true;
        allocator.close();
      }
    }
  }

  private boolean closed;
}
