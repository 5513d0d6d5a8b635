package io.sluice.sql.plan;

import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.Lane;
import io.sluice.sql.exec.LaneValues;
import io.sluice.sql.exec.ParameterPrune;
import io.sluice.sql.exec.ShardExpression;
import io.sluice.sql.exec.ShardExpression.Operator;
import io.sluice.storage.Predicate;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Finds, among the top-level conjuncts of a shard filter, the comparisons of a plain column with a
 * constant that storage can use to skip whole chunks by their min/max/null statistics. Pruning is
 * only an optimization: the filter still checks every row of the chunks that remain.
 */
final class ChunkPruning {
  private ChunkPruning() {}

  static void collect(ShardExpression condition, List<String> columns, List<Predicate> out) {
    collect(condition, columns, out, new java.util.ArrayList<>());
  }

  /**
   * Also collects comparisons with statement parameters, bound when the statement runs.
   *
   * @param condition the shard filter
   * @param columns the scanned columns' names
   * @param out comparisons with constants
   * @param parameters comparisons with parameters
   */
  static void collect(
      ShardExpression condition,
      List<String> columns,
      List<Predicate> out,
      List<ParameterPrune> parameters) {
    if (condition instanceof ShardExpression.Call call) {
      if (call.operator() == Operator.AND) {
        call.operands().forEach(o -> collect(o, columns, out, parameters));
        return;
      }
      Predicate predicate = predicate(call, columns);
      if (predicate != null) {
        out.add(predicate);
        return;
      }
      ParameterPrune prune = parameterPrune(call, columns);
      if (prune != null) {
        parameters.add(prune);
      }
    }
  }

  private static ParameterPrune parameterPrune(ShardExpression.Call call, List<String> columns) {
    Comparison comparison = Comparison.of(call);
    if (comparison == null
        || !(comparison.value() instanceof ShardExpression.Parameter parameter)) {
      return null;
    }
    ExprType column = comparison.column().type();
    ExprType value = parameter.type();
    boolean integers = column.isInteger() && value.isInteger();
    boolean characters = isCharacter(column.name()) && isCharacter(value.name());
    if (!integers && !characters) {
      return null;
    }
    return new ParameterPrune(
        columns.get(comparison.column().index()),
        comparison.operator(),
        parameter.index(),
        value,
        column);
  }

  private static boolean isCharacter(SqlTypeName name) {
    return name == SqlTypeName.VARCHAR || name == SqlTypeName.CHAR;
  }

  private static Predicate predicate(ShardExpression.Call call, List<String> columns) {
    List<ShardExpression> operands = call.operands();
    if (call.operator() == Operator.IS_NULL || call.operator() == Operator.IS_NOT_NULL) {
      if (operands.get(0) instanceof ShardExpression.InputRef ref) {
        String column = columns.get(ref.index());
        return call.operator() == Operator.IS_NULL
            ? Predicate.isNull(column)
            : Predicate.isNotNull(column);
      }
      return null;
    }
    Comparison comparison = Comparison.of(call);
    if (comparison == null
        || !(comparison.value() instanceof ShardExpression.Literal literal)
        || literal.value() == null) {
      return null;
    }
    ExprType columnType = comparison.column().type();
    if (columnType.lane() != literal.type().lane()
        || (columnType.lane() == Lane.LONG && !sameUnits(columnType, literal.type()))) {
      return null;
    }
    return Predicate.compare(
        columns.get(comparison.column().index()),
        comparison.operator(),
        LaneValues.toStorage(literal.value(), columnType));
  }

  /**
   * A comparison of a plain column with a literal or a parameter, the column on the left.
   *
   * @param column the column
   * @param operator the comparison, as storage predicates spell it
   * @param value the literal or parameter
   */
  private record Comparison(
      ShardExpression.InputRef column, Predicate.Operator operator, ShardExpression value) {
    static Comparison of(ShardExpression.Call call) {
      List<ShardExpression> operands = call.operands();
      if (operands.size() != 2) {
        return null;
      }
      Operator operator = call.operator();
      ShardExpression left = operands.get(0);
      ShardExpression right = operands.get(1);
      if (!(left instanceof ShardExpression.InputRef)
          && right instanceof ShardExpression.InputRef) {
        ShardExpression swap = left;
        left = right;
        right = swap;
        operator = flip(operator);
      }
      Predicate.Operator storage = operator == null ? null : storageOperator(operator);
      if (!(left instanceof ShardExpression.InputRef ref)
          || storage == null
          || !(right instanceof ShardExpression.Literal
              || right instanceof ShardExpression.Parameter)) {
        return null;
      }
      return new Comparison(ref, storage, right);
    }
  }

  private static Predicate.Operator storageOperator(Operator operator) {
    return switch (operator) {
      case EQUALS -> Predicate.Operator.EQUAL;
      case LESS_THAN -> Predicate.Operator.LESS_THAN;
      case LESS_THAN_OR_EQUAL -> Predicate.Operator.LESS_THAN_OR_EQUAL;
      case GREATER_THAN -> Predicate.Operator.GREATER_THAN;
      case GREATER_THAN_OR_EQUAL -> Predicate.Operator.GREATER_THAN_OR_EQUAL;
      default -> null;
    };
  }

  private static boolean sameUnits(ExprType column, ExprType literal) {
    if (column.isInteger()) {
      return literal.isInteger();
    }
    SqlTypeName a = column.name();
    SqlTypeName b = literal.name();
    return a == b
        || (a == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE && b == SqlTypeName.TIMESTAMP)
        || (a == SqlTypeName.TIMESTAMP && b == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
  }

  private static Operator flip(Operator operator) {
    switch (operator) {
      case EQUALS:
        return Operator.EQUALS;
      case LESS_THAN:
        return Operator.GREATER_THAN;
      case LESS_THAN_OR_EQUAL:
        return Operator.GREATER_THAN_OR_EQUAL;
      case GREATER_THAN:
        return Operator.LESS_THAN;
      case GREATER_THAN_OR_EQUAL:
        return Operator.LESS_THAN_OR_EQUAL;
      default:
        return null;
    }
  }
}
