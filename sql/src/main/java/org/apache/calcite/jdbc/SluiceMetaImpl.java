package org.apache.calcite.jdbc;

import io.sluice.sql.SluiceBatches;
import java.util.List;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Calcite's JDBC metadata and execution, with one change: {@code executeBatch} of a prepared {@code
 * INSERT ... VALUES} writes every parameter row in one append, where Calcite runs the statement
 * once per row. It lives in Calcite's package because Calcite's connection class, which its
 * constructor takes, is package-private.
 */
public final class SluiceMetaImpl extends CalciteMetaImpl {

  private SluiceMetaImpl(CalciteConnectionImpl connection) {
    super(connection);
  }

  /**
   * @param connection a connection Calcite's driver made
   * @return its Meta
   */
  public static Meta create(AvaticaConnection connection) {
    return new SluiceMetaImpl((CalciteConnectionImpl) connection);
  }

  @Override
  public Meta.ExecuteBatchResult executeBatch(
      Meta.StatementHandle h, List<List<TypedValue>> parameterValueLists)
      throws NoSuchStatementException {
    // Calcite's prepareStatement keeps the signature on its server statement, not on the handle.
    Meta.Signature signature =
        h.signature != null ? h.signature : getConnection().server.getStatement(h).getSignature();
    long[] counts = SluiceBatches.tryExecuteBatch(signature, parameterValueLists);
    if (counts != null) {
      return new Meta.ExecuteBatchResult(counts);
    }
    return super.executeBatch(h, parameterValueLists);
  }
}
