package io.sluice.sql.exec;

import io.sluice.storage.Predicate;

/**
 * A chunk-pruning comparison of a plain column with a statement parameter ({@code id = ?}), bound
 * to the parameter's value when the statement runs, so a prepared lookup skips shards and chunks as
 * one with a literal does. Only integer and character columns compared with parameters of the same
 * kind are kept: their values need no conversion to be compared with stored statistics.
 *
 * @param column the column's name
 * @param operator the comparison, column on the left
 * @param parameter the parameter's index
 * @param parameterType the parameter's type
 * @param columnType the column's type
 */
public record ParameterPrune(
    String column,
    Predicate.Operator operator,
    int parameter,
    ExprType parameterType,
    ExprType columnType) {

  /**
   * @param query the running statement, which holds the parameter values
   * @return the comparison with the value bound, or null when the value is NULL (nothing to prune
   *     by: the filter rejects every row then)
   */
  public Predicate bind(QueryContext query) {
    Object value = query.parameter(parameter, parameterType);
    return value == null
        ? null
        : Predicate.compare(column, operator, LaneValues.toStorage(value, columnType));
  }

  @Override
  public String toString() {
    return column + " " + operator.symbol() + " ?" + parameter;
  }
}
