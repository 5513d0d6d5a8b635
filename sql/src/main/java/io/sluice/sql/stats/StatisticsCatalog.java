package io.sluice.sql.stats;

import io.sluice.storage.MetadataStore;
import io.sluice.storage.ScanCursor;
import io.sluice.storage.ScanSpec;
import io.sluice.storage.Table;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables' statistics, kept in the store's metadata (namespace {@value #NAMESPACE}) so they
 * survive restarts, and cached in memory for the planner. The planner uses them for estimates only
 * (join orders, costs), never to decide a result: a stale or missing entry makes a plan slower, not
 * wrong.
 */
public final class StatisticsCatalog {
  static final String NAMESPACE = "table-statistics";
  private static final Logger LOG = LoggerFactory.getLogger(StatisticsCatalog.class);

  private final MetadataStore metadata;
  private final Map<String, Optional<TableStatistics>> cache = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();

  /**
   * @param metadata where statistics are kept
   */
  public StatisticsCatalog(MetadataStore metadata) {
    this.metadata = metadata;
  }

  /**
   * @param table a table's name
   * @return its statistics, if it was analyzed
   */
  public Optional<TableStatistics> find(String table) {
    return cache.computeIfAbsent(table, this::load);
  }

  /** Reads stored statistics; unreadable ones (another version's format) count as none. */
  private Optional<TableStatistics> load(String table) {
    try {
      return metadata.get(NAMESPACE, table).map(TableStatistics::decode);
    } catch (RuntimeException e) {
      LOG.warn("ignoring unreadable statistics of table {}; ANALYZE rewrites them", table, e);
      return Optional.empty();
    }
  }

  /**
   * @return a number that changes whenever any table's statistics change, for plans made from them
   */
  public long epoch() {
    return epoch.get();
  }

  /**
   * Reads every value of a table once and stores what it found, replacing earlier statistics.
   *
   * @param table the table
   * @param allocator where the scan's batches live
   * @return the statistics
   */
  public synchronized TableStatistics analyze(Table table, BufferAllocator allocator) {
    TableSketches sketches = new TableSketches(table.schema());
    try (ScanCursor cursor = table.scan(ScanSpec.all(), allocator)) {
      while (cursor.next()) {
        sketches.add(cursor.batch());
      }
    }
    TableStatistics statistics = sketches.statistics();
    store(table.name(), statistics);
    return statistics;
  }

  /**
   * Records rows a bulk write committed.
   *
   * @param table the table written
   * @param written the written rows' statistics
   * @param replace whether they are the table's only rows (a new or empty table)
   */
  public synchronized void recordWrite(String table, TableSketches written, boolean replace) {
    TableStatistics added = written.statistics();
    if (replace) {
      store(table, added);
      return;
    }
    Optional<TableStatistics> existing = find(table);
    if (existing.isPresent()) {
      store(table, existing.get().plus(added));
    }
  }

  private void store(String table, TableStatistics statistics) {
    metadata.put(NAMESPACE, table, statistics.encode());
    cache.put(table, Optional.of(statistics));
    epoch.incrementAndGet();
  }

  /**
   * Forgets a table's statistics (it was dropped or replaced).
   *
   * @param table the table's name
   */
  public synchronized void forget(String table) {
    metadata.delete(NAMESPACE, table);
    cache.remove(table);
    epoch.incrementAndGet();
  }
}
