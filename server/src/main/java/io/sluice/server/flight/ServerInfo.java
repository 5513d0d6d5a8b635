package io.sluice.server.flight;

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
   */
  ServerInfo(String version) {
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
            .withSqlAllTablesAreSelectable(true);
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
