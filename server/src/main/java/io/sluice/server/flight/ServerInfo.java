package io.sluice.server.flight;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;

/**
 * What the server tells clients about itself through {@code GetSqlInfo}: its name and version, and
 * the SQL capabilities it has (the ones it lacks are left out or said to be false).
 */
final class ServerInfo {
  private final SqlInfoBuilder info;

  /**
   * @param version the server's version
   * @param engine the engine's own JDBC metadata, for its keywords and function names (tools such
   *     as sqlline ask for them)
   * @throws SQLException if the metadata cannot be read
   */
  ServerInfo(String version, DatabaseMetaData engine) throws SQLException {
    this.info =
        new SqlInfoBuilder()
            .withFlightSqlServerName("Sluice")
            .withFlightSqlServerVersion(version)
            .withFlightSqlServerArrowVersion(arrowVersion())
            .withFlightSqlServerReadOnly(false)
            .withFlightSqlServerSql(true)
            .withFlightSqlServerSubstrait(false)
            .withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
            .withFlightSqlServerCancel(true)
            .withFlightSqlServerBulkIngestion(false)
            .withFlightSqlServerStatementTimeout(0)
            .withSqlIdentifierQuoteChar("\"")
            .withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_LOWERCASE)
            .withSqlQuotedIdentifierCase(
                SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
            .withSqlNullOrdering(SqlNullOrdering.SQL_NULLS_SORTED_HIGH)
            .withSqlSchemaTerm("schema")
            .withSqlCatalogTerm("catalog")
            .withSqlProcedureTerm("function")
            .withSqlDdlCatalog(false)
            .withSqlDdlSchema(false)
            .withSqlDdlTable(true)
            .withSqlSupportsColumnAliasing(true)
            .withSqlNullPlusNullIsNull(true)
            .withSqlSupportsTableCorrelationNames(true)
            .withSqlSupportsDifferentTableCorrelationNames(false)
            .withSqlSupportsExpressionsInOrderBy(true)
            .withSqlSupportsOrderByUnrelated(true)
            .withSqlSupportsNonNullableColumns(true)
            .withSqlCorrelatedSubqueriesSupported(true)
            .withSqlTransactionsSupported(false)
            .withSqlBatchUpdatesSupported(false)
            .withSqlSavepointsSupported(false)
            .withSqlNamedParametersSupported(false)
            .withSqlStoredProceduresSupported(false)
            .withSqlSelectForUpdateSupported(false)
            .withSqlAllTablesAreSelectable(true)
            // JDBC reads these as numbers and fails when they are missing; 0 is "no limit"
            // for the lengths and TRANSACTION_NONE for the isolation.
            .withSqlDefaultTransactionIsolation(0)
            .withSqlMaxBinaryLiteralLength(0)
            .withSqlMaxCharLiteralLength(0)
            .withSqlMaxColumnNameLength(0)
            .withSqlMaxColumnsInGroupBy(0)
            .withSqlMaxColumnsInIndex(0)
            .withSqlMaxColumnsInOrderBy(0)
            .withSqlMaxColumnsInSelect(0)
            .withSqlMaxColumnsInTable(0)
            .withSqlMaxConnections(0)
            .withSqlMaxCursorNameLength(0)
            .withSqlMaxIndexLength(0)
            .withSqlDbSchemaNameLength(0)
            .withSqlMaxProcedureNameLength(0)
            .withSqlMaxCatalogNameLength(0)
            .withSqlMaxRowSize(0)
            .withSqlMaxStatementLength(0)
            .withSqlMaxStatements(0)
            .withSqlMaxTableNameLength(0)
            .withSqlMaxTablesInSelect(0)
            .withSqlMaxUsernameLength(0)
            .withSqlCatalogAtStart(false)
            .withSqlMaxRowSizeIncludesBlobs(false)
            .withSqlDataDefinitionCausesTransactionCommit(false)
            .withSqlDataDefinitionsInTransactionsIgnored(false)
            .withSqlLocatorsUpdateCopy(false)
            .withSqlStoredFunctionsUsingCallSyntaxSupported(false)
            .withSqlSupportsLikeEscapeClause(true)
            .withSqlSupportsIntegrityEnhancementFacility(false)
            .withSqlSearchStringEscape(engine.getSearchStringEscape())
            .withSqlExtraNameCharacters(engine.getExtraNameCharacters())
            .withSqlKeywords(list(engine.getSQLKeywords()))
            .withSqlNumericFunctions(list(engine.getNumericFunctions()))
            .withSqlStringFunctions(list(engine.getStringFunctions()))
            .withSqlSystemFunctions(list(engine.getSystemFunctions()))
            .withSqlDatetimeFunctions(list(engine.getTimeDateFunctions()));
  }

  private static String[] list(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return new String[0];
    }
    return Arrays.stream(commaSeparated.split(",")).map(String::strip).toArray(String[]::new);
  }

  private static String arrowVersion() {
    String version =
        org.apache.arrow.vector.VectorSchemaRoot.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }

  /**
   * @param infos the ids asked for; empty for all
   * @param listener the client's stream
   */
  void send(List<Integer> infos, ServerStreamListener listener) {
    info.send(infos, listener);
  }
}
