package io.sluice.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sluice.connectors.BatchSource;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileFormat;
import io.sluice.connectors.FileOptions;
import io.sluice.connectors.FileSource;
import io.sluice.server.sql.ServerContext;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.load.Ingests;
import io.sluice.storage.SchemaMismatchException;
import io.sluice.storage.StorageException;
import io.sluice.storage.Table;
import io.sluice.storage.TableExistsException;
import io.sluice.storage.TableNotFoundException;
import io.sluice.storage.UnsupportedTypeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/tables/{name}/rows}: loads the rows in the request body into a table, all or none
 * of them, reading the body as it arrives (never holding it whole). The body is an Arrow IPC stream
 * ({@code application/vnd.apache.arrow.stream}), CSV ({@code text/csv}) or newline-delimited JSON
 * ({@code application/x-ndjson}). Query parameters: {@code mode} = {@code append} (the default: the
 * table must exist), {@code create}, {@code replace} or {@code create_append} (creating a table
 * needs an Arrow body, which carries its columns); the file options of CSV and JSON ({@code
 * header}, {@code delimiter}, {@code null}, {@code on_error}, ...); and, for a table created,
 * {@code shards}, {@code distributed_by}, {@code chunk_rows}, {@code compression}. Answers {@code
 * {"rows": n}} (with {@code "skipped"} and {@code "reasons"} when rows were skipped).
 */
final class RowsHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RowsHandler.class);
  private static final String PREFIX = "/v1/tables/";

  /**
   * The most Arrow memory one upload may hold at once (a record batch as it arrives, converted); a
   * client sending one huge batch gets 413 rather than exhausting the server's memory.
   */
  static final long UPLOAD_MEMORY = 1L << 30;

  private static final Set<String> TABLE_OPTIONS =
      Set.of("shards", "distributed_by", "chunk_rows", "compression");

  private final ServerContext context;
  private final RequestAuth auth;

  RowsHandler(ServerContext context, RequestAuth auth) {
    this.context = context;
    this.auth = auth;
  }

  /** A request the handler refuses, with its status. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (Refused e) {
      Responses.error(exchange, e.status, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("POST {} failed", exchange.getRequestURI().getRawPath(), e);
      Responses.error(exchange, 500, "the server failed to store the rows; see its log");
    } finally {
      exchange.close();
    }
  }

  private void serve(HttpExchange exchange) throws IOException, Refused {
    String path = exchange.getRequestURI().getRawPath();
    if (!path.startsWith(PREFIX) || !path.endsWith("/rows")) {
      throw new Refused(404, "no such resource; POST rows to /v1/tables/{name}/rows");
    }
    String table =
        URLDecoder.decode(
            path.substring(PREFIX.length(), path.length() - "/rows".length()),
            StandardCharsets.UTF_8);
    if (table.isEmpty() || table.contains("/")) {
      throw new Refused(404, "no such resource; POST rows to /v1/tables/{name}/rows");
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      throw new Refused(405, "use POST with the rows as the body");
    }
    if (auth.check(exchange, false).isEmpty()) {
      return;
    }
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String mode = query.getOrDefault("mode", "append").toLowerCase(Locale.ROOT);
    query.remove("mode");
    Ingests.IfExists ifExists;
    Ingests.IfMissing ifMissing;
    switch (mode) {
      case "append" -> {
        ifExists = Ingests.IfExists.APPEND;
        ifMissing = Ingests.IfMissing.FAIL;
      }
      case "create" -> {
        ifExists = Ingests.IfExists.FAIL;
        ifMissing = Ingests.IfMissing.CREATE;
      }
      case "replace" -> {
        ifExists = Ingests.IfExists.REPLACE;
        ifMissing = Ingests.IfMissing.CREATE;
      }
      case "create_append" -> {
        ifExists = Ingests.IfExists.APPEND;
        ifMissing = Ingests.IfMissing.CREATE;
      }
      default ->
          throw new Refused(
              400,
              "mode = '" + mode + "' is invalid; use append, create, replace or create_append");
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    SluiceEngine engine = context.pool().engine();
    ClientWatch.Guard guard = ClientWatch.current();
    InputStream body = new Progressing(exchange.getRequestBody(), guard);
    BufferAllocator allocator =
        context.allocator().newChildAllocator("upload-" + table, 0, UPLOAD_MEMORY);
    Throwable failure = null;
    try {
      Ingests.Result result;
      switch (mediaType) {
        case "application/vnd.apache.arrow.stream" -> {
          result = arrow(engine, table, ifExists, ifMissing, query, body, allocator);
        }
        case "text/csv",
            "text/tab-separated-values",
            "application/x-ndjson",
            "application/jsonl",
            "application/json" -> {
          FileFormat format = mediaType.startsWith("text/") ? FileFormat.CSV : FileFormat.JSON;
          if (mediaType.equals("text/tab-separated-values")) {
            query.putIfAbsent("delimiter", "\t");
          }
          result = text(engine, table, format, ifExists, ifMissing, query, body, allocator);
        }
        default ->
            throw new Refused(
                415,
                "send the rows as application/vnd.apache.arrow.stream, text/csv or"
                    + " application/x-ndjson (Content-Type was "
                    + (type == null ? "missing" : "'" + type + "'")
                    + ")");
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("rows", result.rows());
      if (result.skipped() > 0) {
        answer.put("skipped", result.skipped());
        answer.put("reasons", result.reasons());
      }
      Responses.json(exchange, 200, answer);
    } catch (TableExistsException e) {
      throw new Refused(409, "table " + table + " exists; use mode=append or mode=replace");
    } catch (TableNotFoundException e) {
      throw new Refused(
          404, "table " + table + " does not exist; use mode=create to create it from the rows");
    } catch (ConnectorException
        | SchemaMismatchException
        | UnsupportedTypeException
        | IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    } catch (OutOfMemoryException e) {
      failure = e;
      throw new Refused(
          413,
          "the upload needs more than "
              + (UPLOAD_MEMORY >> 20)
              + " MiB of memory at once; send smaller Arrow record batches");
    } catch (StorageException e) {
      failure = e;
      LOG.error("loading rows into table {} failed", table, e);
      throw new Refused(500, "the server failed to store the rows; see its log");
    } catch (Refused | IOException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      try {
        allocator.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e); // the first failure is what the client and the log need
      }
    }
  }

  private static Ingests.Result arrow(
      SluiceEngine engine,
      String table,
      Ingests.IfExists ifExists,
      Ingests.IfMissing ifMissing,
      Map<String, String> query,
      InputStream body,
      BufferAllocator allocator)
      throws IOException {
    try (ArrowStreamReader reader =
        new ArrowStreamReader(body, allocator, CommonsCompressionFactory.INSTANCE)) {
      Schema schema;
      try {
        schema = reader.getVectorSchemaRoot().getSchema();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "the body is not an Arrow IPC stream: " + e.getMessage(), e);
      }
      return Ingests.run(
          engine,
          table,
          ifExists,
          ifMissing,
          query,
          new Ingests.Batches() {
            @Override
            public Schema schema() {
              return schema;
            }

            @Override
            public boolean next() {
              try {
                return reader.loadNextBatch();
              } catch (IOException e) {
                throw new IllegalArgumentException(
                    "the Arrow stream is damaged or cut short: " + e.getMessage(), e);
              }
            }

            @Override
            public VectorSchemaRoot batch() {
              try {
                return reader.getVectorSchemaRoot();
              } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
              }
            }
          },
          () -> false);
    }
  }

  private static Ingests.Result text(
      SluiceEngine engine,
      String table,
      FileFormat format,
      Ingests.IfExists ifExists,
      Ingests.IfMissing ifMissing,
      Map<String, String> query,
      InputStream body,
      BufferAllocator allocator)
      throws Refused {
    Optional<Table> existing = engine.store().findTable(table);
    if (existing.isEmpty() || ifExists == Ingests.IfExists.REPLACE) {
      if (existing.isEmpty() && ifMissing == Ingests.IfMissing.FAIL) {
        throw new TableNotFoundException(table, "does not exist");
      }
      throw new Refused(
          400,
          "creating a table from "
              + format.optionName()
              + " needs its columns, and the body is read as it arrives, not sampled: CREATE TABLE"
              + " "
              + table
              + " first and append, or send an Arrow IPC stream");
    }
    if (ifExists == Ingests.IfExists.FAIL) {
      throw new TableExistsException(table);
    }
    Map<String, String> fileOptions = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : query.entrySet()) {
      if (!TABLE_OPTIONS.contains(entry.getKey())) {
        fileOptions.put(
            entry.getKey().equals("nullstr") ? "null" : entry.getKey(), entry.getValue());
      }
    }
    FileOptions options = FileOptions.of(fileOptions);
    Schema schema = existing.get().schema();
    try (BatchSource source =
        FileSource.stream("the request body", body, format, options, schema, allocator)) {
      Ingests.Result result =
          Ingests.run(
              engine,
              table,
              Ingests.IfExists.APPEND,
              Ingests.IfMissing.FAIL,
              Map.of(),
              Ingests.Batches.of(schema, source::next, source::batch),
              () -> false);
      long skipped = source.statistics().rowsSkipped();
      return new Ingests.Result(result.rows(), skipped, source.skippedReasons(), false);
    }
  }

  /** The query string's parameters, decoded; a key given twice keeps its last value. */
  private static Map<String, String> query(String raw) {
    Map<String, String> map = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return map;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      map.put(key.toLowerCase(Locale.ROOT), value);
    }
    return map;
  }

  /** Restarts the stalled-client clock whenever body bytes arrive. */
  private static final class Progressing extends FilterInputStream {
    private final ClientWatch.Guard guard;

    Progressing(InputStream in, ClientWatch.Guard guard) {
      super(in);
      this.guard = guard;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      touched(b >= 0 ? 1 : 0);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      touched(n);
      return n;
    }

    private void touched(int n) {
      if (n > 0 && guard != null) {
        guard.progress();
      }
    }
  }
}
