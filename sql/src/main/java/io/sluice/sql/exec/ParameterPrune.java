package io.sluice.sql.exec;

import io.sluice.storage.Predicate;
import java.nio.charset.StandardCharsets;

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
 */
public record ParameterPrune(
    String column, Predicate.Operator operator, int parameter, ExprType parameterType) {

  /**
   * @param query the running statement, which holds the parameter values
   * @return the comparison with the value bound, or null when the value is NULL (nothing to prune
   *     by: the filter rejects every row then)
   */
  public Predicate bind(QueryContext query) {
    Object value = query.parameter(parameter, parameterType);
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      value = new String(bytes, StandardCharsets.UTF_8);
    }
    return switch (operator) {
      case EQUAL -> Predicate.equal(column, value);
      case LESS_THAN -> Predicate.lessThan(column, value);
      case LESS_THAN_OR_EQUAL -> Predicate.lessThanOrEqual(column, value);
      case GREATER_THAN -> Predicate.greaterThan(column, value);
      case GREATER_THAN_OR_EQUAL -> Predicate.greaterThanOrEqual(column, value);
      default -> null;
    };
  }

  @Override
  public String toString() {
    return column + " " + operator.symbol() + " ?" + parameter;
  }
}
