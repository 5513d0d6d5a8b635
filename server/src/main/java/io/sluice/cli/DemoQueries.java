package io.sluice.cli;

import io.sluice.sql.SluiceEngine;
import io.sluice.sql.exec.QueryLog;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The SQL half of the demo: registers the example wasm functions and runs one query for each way
 * Sluice uses them (a scalar, a filter pushed to the shards, a table function, an aggregate),
 * printing each result and what moved from the shards to the coordinator.
 */
final class DemoQueries {
  static final List<String> FUNCTIONS =
      List.of(
          "CREATE OR REPLACE FUNCTION url_host USING WASM FROM 'strings.wasm'",
          "CREATE OR REPLACE FUNCTION haversine USING WASM FROM 'geo.wasm'",
          "CREATE OR REPLACE FUNCTION split_words USING WASM FROM 'split.wasm'",
          "CREATE OR REPLACE AGGREGATE histogram USING WASM FROM 'sketches.wasm'");

  static final List<String[]> QUERIES =
      List.of(
          new String[] {
            "a scalar wasm function (batch ABI) on every shard, then partial aggregation there",
            "SELECT url_host(url) AS host, COUNT(*) AS hits, ROUND(AVG(latency_ms), 1) AS avg_ms"
                + " FROM events GROUP BY url_host(url) ORDER BY hits DESC, host LIMIT 5"
          },
          new String[] {
            "a wasm filter (row ABI) pushed to the shards: only matching rows leave them",
            "SELECT country, COUNT(*) AS near_paris FROM events"
                + " WHERE haversine(lat, lon, 48.8566, 2.3522) < 1000"
                + " GROUP BY country ORDER BY near_paris DESC, country LIMIT 5"
          },
          new String[] {
            "a wasm table function, laterally per row on the shards, words counted there",
            "SELECT w.word, COUNT(*) AS n FROM events e, LATERAL TABLE(split_words(e.message)) AS w"
                + " WHERE e.id < 20000 GROUP BY w.word ORDER BY n DESC, w.word LIMIT 5"
          },
          new String[] {
            "a wasm aggregate: per-shard states, merged on the coordinator",
            "SELECT status, COUNT(*) AS n, histogram(latency_ms) AS latency_ms_histogram"
                + " FROM events GROUP BY status ORDER BY status"
          });

  private final Connection connection;
  private final SluiceEngine engine;
  private final PrintWriter out;

  DemoQueries(Connection connection, SluiceEngine engine, PrintWriter out) {
    this.connection = connection;
    this.engine = engine;
    this.out = out;
  }

  void run() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : FUNCTIONS) {
        long started = System.nanoTime();
        statement.execute(sql);
        out.printf(Locale.ROOT, "SQL     %s  (%.2f s)%n", sql, seconds(started));
      }
      for (String[] query : QUERIES) {
        out.printf(Locale.ROOT, "Query   %s%n        %s%n", query[0], query[1]);
        long lastId = lastQueryId();
        long started = System.nanoTime();
        try (ResultSet results = statement.executeQuery(query[1])) {
          StringWriterSink sink = new StringWriterSink();
          ResultFormat.TABLE.print(results, sink.writer());
          for (String line : sink.text().split("\n")) {
            out.println("        " + line);
          }
        }
        double seconds = seconds(started);
        report(lastId, seconds);
      }
    }
  }

  private long lastQueryId() {
    List<QueryLog.Entry> entries = engine.queryLog().entries();
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).id();
  }

  /** Sums what the query's shard fragments did (a query may run several). */
  private void report(long afterId, double seconds) {
    long scanned = 0;
    long moved = 0;
    long bytes = 0;
    long shards = 0;
    for (QueryLog.Entry entry : engine.queryLog().entries()) {
      if (entry.id() > afterId) {
        scanned += entry.stats().rowsScanned();
        moved += entry.stats().rowsMoved();
        bytes += entry.stats().bytesMoved();
        shards += entry.stats().shards();
      }
    }
    out.printf(
        Locale.ROOT,
        "        %.2f s; %,d rows scanned on %d shard(s); moved to the coordinator: %,d rows,"
            + " %,d bytes%n",
        seconds,
        scanned,
        shards,
        moved,
        bytes);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** Collects printed text in memory, so it can be indented. */
  private static final class StringWriterSink {
    private final java.io.StringWriter text = new java.io.StringWriter();
    private final PrintWriter writer = new PrintWriter(text);

    PrintWriter writer() {
      return writer;
    }

    String text() {
      writer.flush();
      return text.toString().stripTrailing();
    }
  }
}
