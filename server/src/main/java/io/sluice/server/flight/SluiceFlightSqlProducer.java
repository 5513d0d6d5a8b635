package io.sluice.server.flight;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.sluice.server.sql.ResultSource;
import io.sluice.server.sql.ServerContext;
import io.sluice.server.sql.StatementKind;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutPreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sluice's Flight SQL service: statements and prepared statements run on the embedded engine,
 * results stream batch by batch ({@link ResultStreamer}), metadata comes from {@link
 * CatalogMetadata}, {@link ServerInfo} and {@link TypeInfo}.
 *
 * <p>A statement query is prepared when the client asks for its {@link FlightInfo} (so the schema
 * is known) and runs when it fetches the ticket, once; a prepared statement lives until the client
 * closes it or it idles out. A definition sent as a query (ADBC does that) runs at once and answers
 * with an empty result. Every handle belongs to the user who made it.
 */
public final class SluiceFlightSqlProducer implements FlightSqlProducer {
  private final ServerContext context;
  private final OpenStatements statements;
  private final CallLimiter calls;
  private final ResultStreamer streamer;
  private final CatalogMetadata catalog;
  private final ServerInfo info;

  /**
   * @param context the pool, allocator and limits
   * @param version the server's version, for {@code GetSqlInfo}
   * @throws SQLException if the engine's metadata cannot be read
   */
  public SluiceFlightSqlProducer(ServerContext context, String version) throws SQLException {
    this.context = context;
    this.statements =
        new OpenStatements(
            context.config().maxPreparedStatements(),
            context.config().preparedPerUser(),
            context.config().preparedIdle());
    this.calls =
        new CallLimiter(context.config().flightCalls(), context.config().flightCallsPerUser());
    this.streamer = new ResultStreamer(context);
    this.catalog = new CatalogMetadata(context.pool(), context.allocator());
    java.sql.Connection connection = context.pool().borrow();
    try {
      this.info = new ServerInfo(version, connection.getMetaData());
    } finally {
      context.pool().release(connection);
    }
  }

  /**
   * @return how many statements (prepared, or queries waiting for their stream) are open
   */
  public int openStatements() {
    return statements.size();
  }

  /** Closes statements left unused past the idle limit; the server calls it periodically. */
  public void expireIdle() {
    statements.expire();
  }

  private static String user(CallContext context) {
    return context.peerIdentity();
  }

  private OpenStatement prepare(String sql, CallContext call) {
    if (sql == null || sql.isBlank()) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("the statement is empty")
          .toRuntimeException();
    }
    try {
      return OpenStatement.prepare(user(call), sql, context.pool());
    } catch (SQLException e) {
      throw FlightErrors.of(e, sql);
    }
  }

  private static FlightInfo info(Schema schema, FlightDescriptor descriptor, Message ticket) {
    Ticket t = new Ticket(Any.pack(ticket).toByteArray());
    return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(t)), -1, -1);
  }

  /**
   * @return how many calls that do work (fetches, uploads, GetFlightInfo) are running
   */
  public int runningCalls() {
    return calls.running();
  }

  @Override
  public void getStream(CallContext call, Ticket ticket, ServerStreamListener listener) {
    try {
      Any.parseFrom(ticket.getBytes());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      listener.error(
          CallStatus.INVALID_ARGUMENT.withDescription("malformed ticket").toRuntimeException());
      return;
    }
    CallLimiter.Permit permit;
    try {
      permit = calls.acquire(user(call));
    } catch (FlightRuntimeException e) {
      listener.error(e);
      return;
    }
    try (permit) {
      FlightSqlProducer.super.getStream(call, ticket, listener);
    }
  }

  @Override
  public FlightInfo getFlightInfo(CallContext call, FlightDescriptor descriptor) {
    try (CallLimiter.Permit permit = calls.acquire(user(call))) {
      return FlightSqlProducer.super.getFlightInfo(call, descriptor);
    }
  }

  @Override
  public Runnable acceptPut(CallContext call, FlightStream stream, StreamListener<PutResult> ack) {
    EmptyUploads.failWhenEndedEmpty(stream); // else reading the descriptor below may wait forever
    Runnable work;
    try {
      work = FlightSqlProducer.super.acceptPut(call, stream, ack);
    } catch (FlightRuntimeException e) {
      throw EmptyUploads.reason(e);
    }
    return () -> {
      CallLimiter.Permit permit;
      try {
        permit = calls.acquire(user(call));
      } catch (FlightRuntimeException e) {
        ack.onError(e);
        return;
      }
      try (permit) {
        work.run();
      }
    };
  }

  // --- statements ---------------------------------------------------------------------------

  @Override
  public FlightInfo getFlightInfoStatement(
      CommandStatementQuery command, CallContext call, FlightDescriptor descriptor) {
    String sql = command.getQuery();
    if (StatementKind.of(sql) != StatementKind.QUERY) {
      // A definition or row change sent as a query runs now; its "result" has no columns.
      runUpdate(sql, call);
      return new FlightInfo(new Schema(List.of()), descriptor, List.of(), -1, -1);
    }
    statements.expire();
    OpenStatement statement = prepare(sql, call);
    ByteString handle = statements.add(statement);
    return info(
        statement.dataset,
        descriptor,
        TicketStatementQuery.newBuilder().setStatementHandle(handle).build());
  }

  @Override
  public SchemaResult getSchemaStatement(
      CommandStatementQuery command, CallContext call, FlightDescriptor descriptor) {
    String sql = command.getQuery();
    if (StatementKind.of(sql) != StatementKind.QUERY) {
      return new SchemaResult(new Schema(List.of()));
    }
    try (OpenStatement statement = prepare(sql, call)) {
      return new SchemaResult(statement.dataset);
    }
  }

  @Override
  public void getStreamStatement(
      TicketStatementQuery ticket, CallContext call, ServerStreamListener listener) {
    ByteString handle = ticket.getStatementHandle();
    OpenStatement statement;
    try {
      statement = statements.get(handle, user(call));
    } catch (FlightRuntimeException e) {
      listener.error(FlightErrors.notFound("query"));
      return;
    }
    try {
      stream(statement, null, listener);
    } finally {
      // A statement query runs once: its ticket is spent.
      try {
        statements.close(handle, user(call));
      } catch (FlightRuntimeException e) {
        // Cancelled and closed meanwhile.
      }
    }
  }

  private void stream(
      OpenStatement statement, ByteString execution, ServerStreamListener listener) {
    ResultSource source;
    try {
      source = statement.startQuery(execution);
    } catch (FlightRuntimeException e) {
      listener.error(e);
      return;
    }
    try {
      streamer.stream(listener, statement.dataset, source, statement.sql);
    } finally {
      statement.endExecution();
    }
  }

  @Override
  public Runnable acceptPutStatement(
      CommandStatementUpdate command,
      CallContext call,
      FlightStream stream,
      StreamListener<PutResult> ack) {
    return () -> {
      try {
        long count = runUpdate(command.getQuery(), call);
        sendUpdateCount(ack, count);
      } catch (RuntimeException e) {
        ack.onError(FlightErrors.unexpected(e, "an update"));
      }
    };
  }

  private long runUpdate(String sql, CallContext call) {
    try (OpenStatement statement = prepare(sql, call)) {
      return statement.executeUpdate(null);
    } catch (SQLException e) {
      throw FlightErrors.of(e, sql);
    }
  }

  private void sendUpdateCount(StreamListener<PutResult> ack, long count) {
    sendMetadata(ack, DoPutUpdateResult.newBuilder().setRecordCount(count).build().toByteArray());
    ack.onCompleted();
  }

  private void sendMetadata(StreamListener<PutResult> ack, byte[] bytes) {
    try (ArrowBuf buffer = context.allocator().buffer(bytes.length)) {
      buffer.writeBytes(bytes);
      // onNext copies the metadata into the response message before returning.
      ack.onNext(PutResult.metadata(buffer));
    }
  }

  // --- bulk ingest -------------------------------------------------------------------------

  @Override
  public Runnable acceptPutStatementBulkIngest(
      CommandStatementIngest command,
      CallContext call,
      FlightStream stream,
      StreamListener<PutResult> ack) {
    return () -> {
      try {
        long count = FlightIngest.run(command, stream, context, call::isCancelled);
        sendUpdateCount(ack, count);
      } catch (FlightRuntimeException e) {
        drainQuietly(stream);
        ack.onError(e);
      } catch (RuntimeException e) {
        drainQuietly(stream);
        ack.onError(FlightErrors.unexpected(e, "ingesting into " + command.getTable()));
      }
    };
  }

  /** Reads what the client still sends, so its call ends with our status, not a broken pipe. */
  private static void drainQuietly(FlightStream stream) {
    try {
      while (stream.next()) {
        // discarded
      }
    } catch (RuntimeException e) {
      // The stream failed too: the status already says why.
    }
  }

  // --- prepared statements ------------------------------------------------------------------

  @Override
  public void createPreparedStatement(
      ActionCreatePreparedStatementRequest request,
      CallContext call,
      StreamListener<Result> listener) {
    try {
      statements.expire();
      OpenStatement statement = prepare(request.getQuery(), call);
      ByteString handle = statements.add(statement);
      ActionCreatePreparedStatementResult.Builder result =
          ActionCreatePreparedStatementResult.newBuilder().setPreparedStatementHandle(handle);
      if (statement.kind == StatementKind.QUERY) {
        result.setDatasetSchema(ByteString.copyFrom(statement.dataset.serializeAsMessage()));
      }
      result.setParameterSchema(ByteString.copyFrom(statement.parameters.serializeAsMessage()));
      listener.onNext(new Result(Any.pack(result.build()).toByteArray()));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.unexpected(e, "preparing a statement"));
    }
  }

  @Override
  public void closePreparedStatement(
      ActionClosePreparedStatementRequest request,
      CallContext call,
      StreamListener<Result> listener) {
    try {
      statements.close(request.getPreparedStatementHandle(), user(call));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.unexpected(e, "closing a prepared statement"));
    }
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(
      CommandPreparedStatementQuery command, CallContext call, FlightDescriptor descriptor) {
    OpenStatement statement = statements.get(command.getPreparedStatementHandle(), user(call));
    if (statement.kind != StatementKind.QUERY) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("the prepared statement returns no rows; execute it as an update")
          .toRuntimeException();
    }
    // The ticket names an execution of its own, so cancelling this FlightInfo cancels this run
    // only, whether or not it was fetched yet.
    ByteString execution = statement.issue();
    return info(
        statement.dataset,
        descriptor,
        CommandPreparedStatementQuery.newBuilder()
            .setPreparedStatementHandle(
                Handles.execution(command.getPreparedStatementHandle(), execution))
            .build());
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(
      CommandPreparedStatementQuery command, CallContext call, FlightDescriptor descriptor) {
    return new SchemaResult(
        statements.get(Handles.statementOf(command.getPreparedStatementHandle()), user(call))
            .dataset);
  }

  @Override
  public void getStreamPreparedStatement(
      CommandPreparedStatementQuery command, CallContext call, ServerStreamListener listener) {
    ByteString handle = command.getPreparedStatementHandle();
    OpenStatement statement;
    try {
      statement = statements.get(Handles.statementOf(handle), user(call));
    } catch (FlightRuntimeException e) {
      listener.error(e);
      return;
    }
    if (statement.kind != StatementKind.QUERY) {
      listener.error(
          CallStatus.INVALID_ARGUMENT
              .withDescription("the prepared statement returns no rows; execute it as an update")
              .toRuntimeException());
      return;
    }
    stream(statement, Handles.executionOf(handle), listener);
  }

  @Override
  public Runnable acceptPutPreparedStatementQuery(
      CommandPreparedStatementQuery command,
      CallContext call,
      FlightStream stream,
      StreamListener<PutResult> ack) {
    return () -> {
      try {
        OpenStatement statement = statements.get(command.getPreparedStatementHandle(), user(call));
        statement.bind(stream, context.allocator(), context.config().parameterBytes());
        // Flight SQL 15+: answer with the handle to use from now on (the same one here).
        sendMetadata(
            ack,
            DoPutPreparedStatementResult.newBuilder()
                .setPreparedStatementHandle(command.getPreparedStatementHandle())
                .build()
                .toByteArray());
        ack.onCompleted();
      } catch (RuntimeException e) {
        ack.onError(FlightErrors.unexpected(e, "binding parameters"));
      }
    };
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(
      CommandPreparedStatementUpdate command,
      CallContext call,
      FlightStream stream,
      StreamListener<PutResult> ack) {
    return () -> {
      OpenStatement statement;
      try {
        statement = statements.get(command.getPreparedStatementHandle(), user(call));
      } catch (RuntimeException e) {
        ack.onError(e);
        return;
      }
      try {
        sendUpdateCount(ack, statement.executeUpdate(stream));
      } catch (SQLException e) {
        ack.onError(FlightErrors.of(e, statement.sql));
      } catch (RuntimeException e) {
        ack.onError(FlightErrors.unexpected(e, "executing " + statement.sql));
      }
    };
  }

  // --- cancellation -------------------------------------------------------------------------

  @Override
  public void cancelFlightInfo(
      CancelFlightInfoRequest request, CallContext call, StreamListener<CancelStatus> listener) {
    CancelStatus status = CancelStatus.NOT_CANCELLABLE;
    for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
      try {
        Any ticket = Any.parseFrom(endpoint.getTicket().getBytes());
        if (ticket.is(TicketStatementQuery.class)) {
          ByteString handle = ticket.unpack(TicketStatementQuery.class).getStatementHandle();
          statements.close(handle, user(call));
          status = CancelStatus.CANCELLED;
        } else if (ticket.is(CommandPreparedStatementQuery.class)) {
          ByteString handle =
              ticket.unpack(CommandPreparedStatementQuery.class).getPreparedStatementHandle();
          OpenStatement statement = statements.get(Handles.statementOf(handle), user(call));
          ByteString execution = Handles.executionOf(handle);
          // A ticket the client built names no execution: cancel whatever runs now.
          boolean cancelled = execution == null ? statement.cancel() : statement.cancel(execution);
          if (cancelled) {
            status = CancelStatus.CANCELLED;
          }
        }
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        listener.onError(
            CallStatus.INVALID_ARGUMENT.withDescription("malformed ticket").toRuntimeException());
        return;
      } catch (FlightRuntimeException e) {
        // Unknown or finished: nothing is running under that ticket any more.
        status = status == CancelStatus.CANCELLED ? status : CancelStatus.NOT_CANCELLABLE;
      }
    }
    listener.onNext(status);
    listener.onCompleted();
  }

  // --- metadata -----------------------------------------------------------------------------

  private FlightInfo metadataInfo(Message command, FlightDescriptor descriptor, Schema schema) {
    return info(schema, descriptor, command);
  }

  @Override
  public FlightInfo getFlightInfoSqlInfo(
      CommandGetSqlInfo command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(command, descriptor, Schemas.GET_SQL_INFO_SCHEMA);
  }

  @Override
  public void getStreamSqlInfo(
      CommandGetSqlInfo command, CallContext call, ServerStreamListener listener) {
    info.send(command.getInfoList(), listener);
  }

  @Override
  public FlightInfo getFlightInfoTypeInfo(
      CommandGetXdbcTypeInfo command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(command, descriptor, Schemas.GET_TYPE_INFO_SCHEMA);
  }

  @Override
  public void getStreamTypeInfo(
      CommandGetXdbcTypeInfo command, CallContext call, ServerStreamListener listener) {
    TypeInfo.send(command, context.allocator(), listener);
  }

  @Override
  public FlightInfo getFlightInfoCatalogs(
      CommandGetCatalogs command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(command, descriptor, Schemas.GET_CATALOGS_SCHEMA);
  }

  @Override
  public void getStreamCatalogs(CallContext call, ServerStreamListener listener) {
    catalog.catalogs(listener);
  }

  @Override
  public FlightInfo getFlightInfoSchemas(
      CommandGetDbSchemas command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(command, descriptor, Schemas.GET_SCHEMAS_SCHEMA);
  }

  @Override
  public void getStreamSchemas(
      CommandGetDbSchemas command, CallContext call, ServerStreamListener listener) {
    try {
      catalog.schemas(command, listener);
    } catch (SQLException e) {
      listener.error(FlightErrors.of(e, "listing schemas"));
    }
  }

  @Override
  public FlightInfo getFlightInfoTables(
      CommandGetTables command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(
        command,
        descriptor,
        command.getIncludeSchema()
            ? Schemas.GET_TABLES_SCHEMA
            : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA);
  }

  @Override
  public void getStreamTables(
      CommandGetTables command, CallContext call, ServerStreamListener listener) {
    try {
      catalog.tables(command, listener);
    } catch (SQLException e) {
      listener.error(FlightErrors.of(e, "listing tables"));
    }
  }

  @Override
  public FlightInfo getFlightInfoTableTypes(
      CommandGetTableTypes command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(command, descriptor, Schemas.GET_TABLE_TYPES_SCHEMA);
  }

  @Override
  public void getStreamTableTypes(CallContext call, ServerStreamListener listener) {
    try {
      catalog.tableTypes(listener);
    } catch (SQLException e) {
      listener.error(FlightErrors.of(e, "listing table types"));
    }
  }

  @Override
  public FlightInfo getFlightInfoPrimaryKeys(
      CommandGetPrimaryKeys command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(command, descriptor, Schemas.GET_PRIMARY_KEYS_SCHEMA);
  }

  @Override
  public void getStreamPrimaryKeys(
      CommandGetPrimaryKeys command, CallContext call, ServerStreamListener listener) {
    catalog.noKeys(Schemas.GET_PRIMARY_KEYS_SCHEMA, listener);
  }

  @Override
  public FlightInfo getFlightInfoExportedKeys(
      CommandGetExportedKeys command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(command, descriptor, Schemas.GET_EXPORTED_KEYS_SCHEMA);
  }

  @Override
  public void getStreamExportedKeys(
      CommandGetExportedKeys command, CallContext call, ServerStreamListener listener) {
    catalog.noKeys(Schemas.GET_EXPORTED_KEYS_SCHEMA, listener);
  }

  @Override
  public FlightInfo getFlightInfoImportedKeys(
      CommandGetImportedKeys command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(command, descriptor, Schemas.GET_IMPORTED_KEYS_SCHEMA);
  }

  @Override
  public void getStreamImportedKeys(
      CommandGetImportedKeys command, CallContext call, ServerStreamListener listener) {
    catalog.noKeys(Schemas.GET_IMPORTED_KEYS_SCHEMA, listener);
  }

  @Override
  public FlightInfo getFlightInfoCrossReference(
      CommandGetCrossReference command, CallContext call, FlightDescriptor descriptor) {
    return metadataInfo(command, descriptor, Schemas.GET_CROSS_REFERENCE_SCHEMA);
  }

  @Override
  public void getStreamCrossReference(
      CommandGetCrossReference command, CallContext call, ServerStreamListener listener) {
    catalog.noKeys(Schemas.GET_CROSS_REFERENCE_SCHEMA, listener);
  }

  @Override
  public void listFlights(
      CallContext call, Criteria criteria, StreamListener<FlightInfo> listener) {
    // Flight SQL clients never list flights; there is nothing standing to list.
    listener.onCompleted();
  }

  /** Cancels and closes every open statement. */
  @Override
  public void close() {
    statements.close();
    streamer.close();
  }
}
