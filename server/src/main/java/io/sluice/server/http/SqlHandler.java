package io.sluice.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sluice.server.sql.ColumnTypes;
import io.sluice.server.sql.ResultBatches;
import io.sluice.server.sql.ServerContext;
import io.sluice.server.sql.SqlFailure;
import io.sluice.server.sql.StatementKind;
import io.sluice.sql.SluiceDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sql}: runs the statement in the body (plain text, or JSON {@code {"sql": "..."}})
 * and streams its rows in the format the {@code Accept} header asks for; a statement that returns
 * no rows answers {@code {"updated": n}}. A failure before the first row is a JSON error {@code
 * {"error", "line", "column"}} with 400 (the statement's fault) or 500 (the server's); one after
 * rows were sent drops the connection, so the client sees an incomplete response rather than a
 * short result that looks whole.
 */
final class SqlHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SqlHandler.class);
  private static final JsonFactory JSON = new JsonFactory();

  private final ServerContext context;
  private final RequestAuth auth;
  private final Set<Statement> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  SqlHandler(ServerContext context, RequestAuth auth) {
    this.context = context;
    this.auth = auth;
  }

  /** A request the handler refuses, with its status. */
  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** Answers new statements with 503 from now on (the server is stopping). */
  void refuseNew() {
    closing = true;
  }

  /**
   * Cancels every running statement and refuses new ones; their requests end with 503 before their
   * first row, or a dropped connection after it.
   */
  void cancelAll() {
    closing = true;
    for (Statement statement : running) {
      cancel(statement);
    }
  }

  /**
   * @return how many statements are running
   */
  int running() {
    return running.size();
  }

  private static void cancel(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException e) {
      // Already finished or closed: nothing is left to stop.
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // Not try-with-resources: when a result fails mid-stream the exception must leave without
    // closing the exchange, so the server drops the connection instead of ending the body.
    serve(exchange);
    exchange.close();
  }

  private void serve(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      Responses.error(exchange, 405, "use POST with the statement as the body");
      return;
    }
    if (auth.check(exchange, false).isEmpty()) {
      return;
    }
    Optional<ResultFormat> format =
        ResultFormat.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
    if (format.isEmpty()) {
      Responses.error(
          exchange,
          406,
          "Accept one of application/json, text/csv, application/vnd.apache.arrow.stream");
      return;
    }
    String sql;
    try {
      sql = statement(exchange);
    } catch (BadRequest e) {
      Responses.error(exchange, e.status, e.getMessage());
      return;
    }
    run(exchange, sql, format.get());
  }

  private String statement(HttpExchange exchange) throws IOException, BadRequest {
    int max = context.config().maxMessageBytes();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(max + 1);
      if (body.length > max) {
        throw new BadRequest(413, "the request is larger than " + max + " bytes");
      }
    }
    String text = new String(body, StandardCharsets.UTF_8);
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    String sql = text;
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      sql = sqlField(text);
    }
    if (sql == null || sql.isBlank()) {
      throw new BadRequest(400, "the request has no statement");
    }
    return sql;
  }

  /** The "sql" member of a JSON object. */
  private static String sqlField(String text) throws BadRequest {
    try (JsonParser json = JSON.createParser(text)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new BadRequest(400, "the JSON body must be an object {\"sql\": \"...\"}");
      }
      String sql = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.getCurrentName();
        JsonToken value = json.nextToken();
        if (name.equals("sql") && value == JsonToken.VALUE_STRING) {
          sql = json.getText();
        } else {
          json.skipChildren();
        }
      }
      return sql;
    } catch (IOException e) {
      throw new BadRequest(400, "the body is not valid JSON");
    }
  }

  private void run(HttpExchange exchange, String sql, ResultFormat format) throws IOException {
    Connection connection;
    try {
      if (closing) {
        throw new SQLException("closing");
      }
      connection = context.pool().borrow();
    } catch (SQLException e) {
      Responses.error(exchange, 503, "the server is shutting down");
      return;
    }
    ClientWatch.Guard guard = ClientWatch.current();
    boolean reusable = false;
    Statement registered = null;
    try (Statement statement = connection.createStatement()) {
      registered = statement;
      running.add(statement);
      if (closing) {
        cancel(statement);
      }
      if (guard != null) {
        guard.onStall(() -> cancel(statement));
      }
      if (StatementKind.of(sql) != StatementKind.QUERY) {
        SluiceDriver.takeNotices(); // what earlier requests on this thread left behind
        working(guard, () -> execute(statement, sql));
        long updated = Math.max(0, statement.getLargeUpdateCount());
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("updated", updated);
        List<String> notices = SluiceDriver.takeNotices();
        if (!notices.isEmpty()) {
          answer.put("notices", notices);
        }
        Responses.json(exchange, 200, answer);
        reusable = true;
        return;
      }
      reusable = stream(exchange, statement, sql, format);
    } catch (SQLException e) {
      if (closing) {
        Responses.error(exchange, 503, "the server is shutting down");
        return;
      }
      SqlFailure failure = SqlFailure.of(e, sql);
      if (!failure.userError()) {
        LOG.error("statement failed inside the server: {}", sql, e);
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("error", failure.message());
      if (failure.line() > 0) {
        answer.put("line", failure.line());
        answer.put("column", failure.column());
      }
      Responses.json(exchange, failure.userError() ? 400 : 500, answer);
      reusable = true;
    } finally {
      if (registered != null) {
        running.remove(registered);
      }
      if (guard != null) {
        guard.onStall(null);
      }
      if (reusable && !closing) {
        context.pool().release(connection);
      } else {
        context.pool().discard(connection);
      }
    }
  }

  /** Work of the server's own, during which the client is not expected to make progress. */
  private interface Work<T> {
    T run() throws SQLException;
  }

  private static <T> T working(ClientWatch.Guard guard, Work<T> work) throws SQLException {
    if (guard == null) {
      return work.run();
    }
    guard.pause();
    try {
      return work.run();
    } finally {
      guard.resume();
    }
  }

  private static boolean execute(Statement statement, String sql) throws SQLException {
    try {
      return statement.execute(sql);
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      throw SqlFailure.wrap(e);
    }
  }

  private static ResultSet executeQuery(Statement statement, String sql) throws SQLException {
    try {
      return statement.executeQuery(sql);
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      throw SqlFailure.wrap(e);
    }
  }

  /**
   * Streams a query's rows; the first batch is read before the status is sent, so most failures
   * still get a proper error status.
   *
   * @return whether the connection is fit for reuse
   */
  private boolean stream(
      HttpExchange exchange, Statement statement, String sql, ResultFormat format)
      throws SQLException, IOException {
    ClientWatch.Guard guard = ClientWatch.current();
    try (ResultSet results = working(guard, () -> executeQuery(statement, sql));
        VectorSchemaRoot root =
            VectorSchemaRoot.create(
                ColumnTypes.resultSchema(results.getMetaData()), context.allocator())) {
      ResultBatches batches =
          new ResultBatches(
              results, root, context.config().batchRows(), context.config().batchBytes());
      boolean more = working(guard, batches::next);
      exchange.getResponseHeaders().set("Content-Type", format.contentType);
      exchange.sendResponseHeaders(200, 0);
      OutputStream body = exchange.getResponseBody();
      // Writers close what they write to; only a complete result may end the chunked body.
      OutputStream unclosable =
          new java.io.FilterOutputStream(body) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              checkClient(guard);
              out.write(b, off, len);
              progressed(guard);
            }

            @Override
            public void flush() throws IOException {
              checkClient(guard);
              out.flush();
              progressed(guard);
            }

            @Override
            public void close() throws IOException {
              flush();
            }
          };
      try (BatchWriter writer = BatchWriter.of(format, root, unclosable)) {
        while (more) {
          writer.write();
          more = working(guard, batches::next);
        }
        writer.finish();
      } catch (IOException e) {
        // The client went away: stop the statement; the connection may be mid-query.
        statement.cancel();
        throw e;
      } catch (SQLException | RuntimeException e) {
        LOG.warn("statement failed after its first rows were sent: {}", sql, e);
        // Headers are gone: drop the connection so the response is visibly incomplete.
        throw new IOException("statement failed mid-stream", e);
      }
      checkClient(guard);
      body.close();
      return true;
    }
  }

  /** Fails the write (the connection is then dropped) once the client was found stalled. */
  private static void checkClient(ClientWatch.Guard guard) throws IOException {
    if (guard != null && guard.stalled()) {
      throw new IOException("the client stopped reading the result (limits.stalled_client)");
    }
  }

  private static void progressed(ClientWatch.Guard guard) throws IOException {
    checkClient(guard);
    if (guard != null) {
      guard.progress();
    }
  }
}
