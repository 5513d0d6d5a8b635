package io.sluice.sql.exec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An expression that runs on shards, vectorized: the subset of SQL that the shard evaluator
 * implements (comparisons, boolean logic, null tests, arithmetic, casts between numbers) plus calls
 * of wasm functions. Everything else stays on the coordinator, in Calcite's own operators.
 *
 * <p>Values of literals are in the evaluator's lane representation: Long (integers, DATE days, TIME
 * and TIMESTAMP microseconds), Double, BigDecimal, byte[] (UTF-8 for VARCHAR) or Boolean.
 */
public sealed interface ShardExpression
    permits ShardExpression.InputRef,
        ShardExpression.Literal,
        ShardExpression.Parameter,
        ShardExpression.Call,
        ShardExpression.WasmCall {

  /**
   * @return the expression's SQL type
   */
  ExprType type();

  /** The value of an input column. */
  record InputRef(int index, String name, ExprType type) implements ShardExpression {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A constant; {@code value} is null for SQL NULL. */
  record Literal(Object value, ExprType type) implements ShardExpression {
    @Override
    public String toString() {
      if (value == null) {
        return "NULL";
      } else if (value instanceof byte[] bytes) {
        return "'" + new String(bytes, StandardCharsets.UTF_8) + "'";
      } else if (value instanceof BigDecimal decimal) {
        return decimal.toPlainString();
      }
      return value.toString();
    }
  }

  /** A {@code ?} parameter of a prepared statement, bound when the query runs. */
  record Parameter(int index, ExprType type) implements ShardExpression {
    @Override
    public String toString() {
      return "?" + index;
    }
  }

  /** A built-in operator applied to operands. */
  record Call(Operator operator, List<ShardExpression> operands, ExprType type)
      implements ShardExpression {
    @Override
    public String toString() {
      if (operator == Operator.CAST) {
        return "CAST(" + operands.get(0) + " AS " + type + ")";
      }
      return operator.symbol
          + operands.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /**
   * A call of a wasm function, pinned to the version the query was planned with.
   *
   * @param function the function, resolved at planning time
   * @param operands its arguments
   * @param type its result type
   */
  record WasmCall(WasmScalarCall function, List<ShardExpression> operands, ExprType type)
      implements ShardExpression {
    @Override
    public String toString() {
      return function.name()
          + operands.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /** The built-in operators the evaluator implements. */
  enum Operator {
    EQUALS("="),
    NOT_EQUALS("<>"),
    LESS_THAN("<"),
    LESS_THAN_OR_EQUAL("<="),
    GREATER_THAN(">"),
    GREATER_THAN_OR_EQUAL(">="),
    IS_NULL("IS NULL"),
    IS_NOT_NULL("IS NOT NULL"),
    IS_TRUE("IS TRUE"),
    IS_NOT_TRUE("IS NOT TRUE"),
    IS_FALSE("IS FALSE"),
    IS_NOT_FALSE("IS NOT FALSE"),
    AND("AND"),
    OR("OR"),
    NOT("NOT"),
    PLUS("+"),
    MINUS("-"),
    TIMES("*"),
    DIVIDE("/"),
    NEGATE("-"),
    CAST("CAST"),
    /** {@code value LIKE 'pattern'}: a literal pattern of '%' wildcards, no '_' and no escape. */
    LIKE("LIKE"),
    /** {@code CASE WHEN c1 THEN v1 ... ELSE e END}: operands c1, v1, ..., e. */
    CASE("CASE"),
    /** {@code EXTRACT(YEAR FROM date)}. */
    EXTRACT_YEAR("EXTRACT_YEAR"),
    /** {@code EXTRACT(MONTH FROM date)}. */
    EXTRACT_MONTH("EXTRACT_MONTH"),
    /** {@code EXTRACT(DAY FROM date)}. */
    EXTRACT_DAY("EXTRACT_DAY");

    final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }
}
