package io.sluice.server.flight;

import io.sluice.connectors.ConnectorException;
import io.sluice.server.sql.ServerContext;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.catalog.SluiceSchema;
import io.sluice.sql.load.Ingests;
import io.sluice.storage.SchemaMismatchException;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableExistsException;
import io.sluice.storage.TableNotFoundException;
import io.sluice.storage.UnsupportedTypeException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flight SQL bulk ingest ({@code CommandStatementIngest}, what ADBC's {@code adbc_ingest} and
 * {@code FlightSqlClient.executeIngest} send): the uploaded Arrow batches go straight into a table
 * through {@link Ingests}, all or none of them. ADBC's modes map to the command's options: create
 * (fail if it exists), append (fail if it does not), replace, create_append. Options in the
 * command's map: {@code on_error}, and for a table it creates {@code shards}, {@code
 * distributed_by}, {@code chunk_rows}, {@code compression}.
 */
final class FlightIngest {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FlightIngest.class);

  private FlightIngest() {}

  /**
   * @param command the ingest command
   * @param stream the client's batches
   * @param context the server's context
   * @param cancelled whether the client cancelled the call
   * @return rows written
   * @throws FlightRuntimeException with the status that says what was wrong
   */
  static long run(
      CommandStatementIngest command,
      FlightStream stream,
      ServerContext context,
      java.util.function.BooleanSupplier cancelled) {
    if (command.hasSchema()
        && !command.getSchema().isEmpty()
        && !command.getSchema().equals(SluiceSchema.NAME)) {
      throw invalid(
          "tables live in schema "
              + SluiceSchema.NAME
              + ", not "
              + command.getSchema()
              + "; name the table without a schema or in "
              + SluiceSchema.NAME);
    }
    if (command.getTemporary()) {
      throw invalid("Sluice has no temporary tables; ingest into a table and drop it after");
    }
    if (command.hasTransactionId()) {
      throw invalid("Sluice has no transactions: an ingest is atomic by itself");
    }
    String table = command.getTable();
    if (table.isBlank()) {
      throw invalid("the ingest names no table");
    }
    TableDefinitionOptions definition = command.getTableDefinitionOptions();
    Ingests.IfExists ifExists =
        switch (definition.getIfExists()) {
          case TABLE_EXISTS_OPTION_APPEND -> Ingests.IfExists.APPEND;
          case TABLE_EXISTS_OPTION_REPLACE -> Ingests.IfExists.REPLACE;
          default -> Ingests.IfExists.FAIL;
        };
    Ingests.IfMissing ifMissing =
        switch (definition.getIfNotExist()) {
          case TABLE_NOT_EXIST_OPTION_CREATE -> Ingests.IfMissing.CREATE;
          default -> Ingests.IfMissing.FAIL;
        };
    SluiceEngine engine = engine(context);
    try {
      Schema schema = stream.getSchema();
      Ingests.Result result =
          Ingests.run(
              engine,
              table,
              ifExists,
              ifMissing,
              command.getOptionsMap(),
              Ingests.Batches.of(schema, stream::next, stream::getRoot),
              cancelled);
      if (result.skipped() > 0) {
        // Flight SQL's answer to an ingest carries a row count only: the log keeps the why.
        LOG.warn(
            "ingest into {} skipped {} rows that could not be read: {}",
            table,
            result.skipped(),
            String.join("; ", result.reasons()));
      }
      return result.rows();
    } catch (TableExistsException e) {
      throw CallStatus.ALREADY_EXISTS
          .withDescription(
              "table " + table + " exists; ingest with mode append or replace to write into it")
          .toRuntimeException();
    } catch (TableNotFoundException e) {
      throw CallStatus.NOT_FOUND
          .withDescription(
              "table " + table + " does not exist; ingest with mode create to create it")
          .toRuntimeException();
    } catch (ConnectorException
        | SchemaMismatchException
        | UnsupportedTypeException
        | IllegalArgumentException e) {
      throw invalid(e.getMessage());
    } catch (IllegalStateException e) {
      if (cancelled.getAsBoolean()) {
        throw CallStatus.CANCELLED.withDescription("the ingest was cancelled").toRuntimeException();
      }
      throw e;
    } catch (StorageException e) {
      throw FlightErrors.unexpected(e, "ingesting into " + table);
    }
  }

  private static SluiceEngine engine(ServerContext context) {
    return context.pool().engine();
  }

  private static FlightRuntimeException invalid(String message) {
    return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
  }
}
