package io.sluice.sql.plan;

import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.LaneValues;
import io.sluice.sql.exec.ShardExpression;
import io.sluice.sql.exec.ShardExpression.Operator;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates Calcite row expressions into {@link ShardExpression}s, or throws {@link
 * UnsupportedOperationException} for what shards do not evaluate, so the rule that asked declines
 * and Calcite runs that part on the coordinator.
 */
final class RexToShard {
  private final RexBuilder rexBuilder;
  private final List<String> inputNames;

  /**
   * @param rexBuilder to expand SEARCH calls
   * @param inputNames names of the input columns, for plans
   */
  RexToShard(RexBuilder rexBuilder, List<String> inputNames) {
    this.rexBuilder = rexBuilder;
    this.inputNames = inputNames;
  }

  /**
   * @param node an expression over the input columns
   * @return its shard form
   * @throws UnsupportedOperationException if shards cannot evaluate it
   */
  ShardExpression translate(RexNode node) {
    if (node instanceof RexInputRef ref) {
      ExprType type = checked(ExprType.of(ref.getType()));
      return new ShardExpression.InputRef(ref.getIndex(), inputNames.get(ref.getIndex()), type);
    } else if (node instanceof RexLiteral literal) {
      return literal(literal);
    } else if (node instanceof RexDynamicParam parameter) {
      return new ShardExpression.Parameter(
          parameter.getIndex(), checked(ExprType.of(parameter.getType())));
    } else if (node instanceof RexCall call) {
      return call(call);
    }
    throw new UnsupportedOperationException("expression " + node);
  }

  private static ExprType checked(ExprType type) {
    type.lane(); // throws for types shards do not hold
    return type;
  }

  private ShardExpression literal(RexLiteral literal) {
    ExprType type = checked(ExprType.of(literal.getType()));
    Object value;
    switch (type.name()) {
      case DATE:
      case TIME:
        value = literal.getValueAs(Integer.class);
        break;
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        value = literal.getValueAs(Long.class);
        break;
      case CHAR:
      case VARCHAR:
        value = literal.getValueAs(String.class);
        break;
      case BINARY:
      case VARBINARY:
        value = literal.getValueAs(byte[].class);
        break;
      case BOOLEAN:
        value = literal.getValueAs(Boolean.class);
        break;
      case REAL:
      case FLOAT:
      case DOUBLE:
        value = literal.getValueAs(Double.class);
        break;
      default:
        value = literal.getValueAs(java.math.BigDecimal.class);
        break;
    }
    return new ShardExpression.Literal(LaneValues.of(value, type), type);
  }

  private ShardExpression call(RexCall call) {
    SqlKind kind = call.getKind();
    if (kind == SqlKind.SEARCH) {
      return translate(RexUtil.expandSearch(rexBuilder, null, call));
    }
    if (kind == SqlKind.OTHER_FUNCTION || kind == SqlKind.OTHER) {
      return wasmCall(call);
    }
    if (kind == SqlKind.LIKE) {
      return like(call);
    }
    if (kind == SqlKind.CASE) {
      return caseWhen(call);
    }
    if (kind == SqlKind.EXTRACT) {
      return extract(call);
    }
    Operator operator = operator(kind);
    List<ShardExpression> operands = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      operands.add(translate(operand));
    }
    ExprType type = checked(ExprType.of(call.getType()));
    if (type.lane() == io.sluice.sql.exec.Lane.DOUBLE
        && (operator == Operator.PLUS
            || operator == Operator.MINUS
            || operator == Operator.TIMES
            || operator == Operator.DIVIDE)) {
      // DECIMAL mixed with DOUBLE computes in DOUBLE, as Calcite does: the decimal converted.
      for (int i = 0; i < operands.size(); i++) {
        ShardExpression operand = operands.get(i);
        if (operand.type().name() == SqlTypeName.DECIMAL) {
          ExprType asDouble =
              new ExprType(type.name(), type.precision(), type.scale(), operand.type().nullable());
          operands.set(i, new ShardExpression.Call(Operator.CAST, List.of(operand), asDouble));
        }
      }
    }
    check(operator, operands, type);
    return new ShardExpression.Call(operator, operands, type);
  }

  /** {@code LIKE} with a literal pattern whose only wildcard is '%' (no '_', no escape). */
  private ShardExpression like(RexCall call) {
    require(
        call.getOperator() == SqlStdOperatorTable.LIKE && call.getOperands().size() == 2,
        call.getOperator().getName() + " with an escape or case-insensitive");
    RexNode pattern = call.getOperands().get(1);
    require(pattern instanceof RexLiteral, "LIKE with a pattern that is not a literal");
    String text = ((RexLiteral) pattern).getValueAs(String.class);
    require(
        text != null && text.indexOf('_') < 0 && text.indexOf('\\') < 0,
        "LIKE with '_' or '\\' in the pattern");
    ShardExpression value = translate(call.getOperands().get(0));
    require(
        value.type().lane() == io.sluice.sql.exec.Lane.BYTES
            && (value.type().name() == SqlTypeName.VARCHAR
                || value.type().name() == SqlTypeName.CHAR),
        "LIKE on " + value.type());
    return new ShardExpression.Call(
        Operator.LIKE, List.of(value, translate(pattern)), checked(ExprType.of(call.getType())));
  }

  /**
   * {@code CASE}: the evaluator computes every branch for the whole batch, so only branches that
   * cannot fail are accepted (no division, cast or wasm call in a value or in a test after the
   * first).
   */
  private ShardExpression caseWhen(RexCall call) {
    ExprType type = checked(ExprType.of(call.getType()));
    List<ShardExpression> operands = new ArrayList<>();
    List<RexNode> rex = call.getOperands();
    for (int i = 0; i < rex.size(); i++) {
      ShardExpression operand = translate(rex.get(i));
      boolean value = i % 2 == 1 || i == rex.size() - 1;
      if (value) {
        require(cannotFail(operand), "CASE with a value that can fail");
        ExprType t = operand.type();
        require(
            t.lane() == type.lane()
                ? type.lane() != io.sluice.sql.exec.Lane.DECIMAL || sameType(t, type)
                : type.lane() == io.sluice.sql.exec.Lane.DOUBLE && t.isInteger(),
            "CASE mixing " + t + " and " + type);
      } else {
        require(operand.type().name() == SqlTypeName.BOOLEAN, "CASE with a non-boolean test");
        // Every test runs on every row, so a later one may not rely on an earlier one's guard.
        require(i == 0 || cannotFail(operand), "CASE with a test that can fail");
      }
      operands.add(operand);
    }
    return new ShardExpression.Call(Operator.CASE, operands, type);
  }

  private static boolean cannotFail(ShardExpression expression) {
    if (expression instanceof ShardExpression.WasmCall) {
      return false;
    }
    if (expression instanceof ShardExpression.Call call) {
      if (call.operator() == Operator.DIVIDE || call.operator() == Operator.CAST) {
        return false;
      }
      for (ShardExpression operand : call.operands()) {
        if (!cannotFail(operand)) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code EXTRACT(YEAR | MONTH | DAY FROM date)}. */
  private ShardExpression extract(RexCall call) {
    RexNode unit = call.getOperands().get(0);
    require(unit instanceof RexLiteral, "EXTRACT of a unit that is not a literal");
    TimeUnitRange range = ((RexLiteral) unit).getValueAs(TimeUnitRange.class);
    Operator operator;
    if (range == TimeUnitRange.YEAR) {
      operator = Operator.EXTRACT_YEAR;
    } else if (range == TimeUnitRange.MONTH) {
      operator = Operator.EXTRACT_MONTH;
    } else if (range == TimeUnitRange.DAY) {
      operator = Operator.EXTRACT_DAY;
    } else {
      throw new UnsupportedOperationException("EXTRACT(" + range + ") is not evaluated on shards");
    }
    ShardExpression date = translate(call.getOperands().get(1));
    require(date.type().name() == SqlTypeName.DATE, "EXTRACT from " + date.type());
    ExprType type = checked(ExprType.of(call.getType()));
    require(type.isInteger(), "EXTRACT producing " + type);
    return new ShardExpression.Call(operator, List.of(date), type);
  }

  /**
   * A call of a wasm function; arguments whose type differs from the parameter's are cast to it
   * (the validator accepts, say, an INT literal for a DOUBLE parameter without a cast).
   */
  private ShardExpression wasmCall(RexCall call) {
    ShardCallable callee = WasmCalls.callee(call);
    if (callee == null) {
      throw new UnsupportedOperationException(
          "function " + call.getOperator().getName() + " is not evaluated on shards");
    }
    List<org.apache.calcite.rel.type.RelDataType> parameters =
        callee.parameterTypes(rexBuilder.getTypeFactory());
    List<ShardExpression> operands = new ArrayList<>();
    for (int i = 0; i < call.getOperands().size(); i++) {
      ShardExpression operand = translate(call.getOperands().get(i));
      ExprType wanted = checked(ExprType.of(parameters.get(i)));
      if (!sameType(operand.type(), wanted)) {
        require(castable(operand.type(), wanted), "passing " + operand.type() + " as " + wanted);
        operand = new ShardExpression.Call(Operator.CAST, List.of(operand), wanted);
      }
      operands.add(operand);
    }
    return new ShardExpression.WasmCall(
        callee.shardCall(), operands, checked(ExprType.of(call.getType())));
  }

  private static boolean sameType(ExprType a, ExprType b) {
    if (a.name() != b.name()) {
      return (a.name() == SqlTypeName.CHAR && b.name() == SqlTypeName.VARCHAR)
          || (a.name() == SqlTypeName.BINARY && b.name() == SqlTypeName.VARBINARY);
    }
    return a.name() != SqlTypeName.DECIMAL
        || (a.precision() == b.precision() && a.scale() == b.scale());
  }

  private static Operator operator(SqlKind kind) {
    switch (kind) {
      case EQUALS:
        return Operator.EQUALS;
      case NOT_EQUALS:
        return Operator.NOT_EQUALS;
      case LESS_THAN:
        return Operator.LESS_THAN;
      case LESS_THAN_OR_EQUAL:
        return Operator.LESS_THAN_OR_EQUAL;
      case GREATER_THAN:
        return Operator.GREATER_THAN;
      case GREATER_THAN_OR_EQUAL:
        return Operator.GREATER_THAN_OR_EQUAL;
      case IS_NULL:
        return Operator.IS_NULL;
      case IS_NOT_NULL:
        return Operator.IS_NOT_NULL;
      case IS_TRUE:
        return Operator.IS_TRUE;
      case IS_NOT_TRUE:
        return Operator.IS_NOT_TRUE;
      case IS_FALSE:
        return Operator.IS_FALSE;
      case IS_NOT_FALSE:
        return Operator.IS_NOT_FALSE;
      case AND:
        return Operator.AND;
      case OR:
        return Operator.OR;
      case NOT:
        return Operator.NOT;
      case PLUS:
        return Operator.PLUS;
      case MINUS:
        return Operator.MINUS;
      case TIMES:
        return Operator.TIMES;
      case DIVIDE:
        return Operator.DIVIDE;
      case MINUS_PREFIX:
        return Operator.NEGATE;
      case CAST:
        return Operator.CAST;
      default:
        throw new UnsupportedOperationException("operator " + kind);
    }
  }

  /** Declines operand types whose semantics the evaluator does not reproduce exactly. */
  private static void check(Operator operator, List<ShardExpression> operands, ExprType type) {
    switch (operator) {
      case AND:
      case OR:
      case NOT:
      case IS_TRUE:
      case IS_NOT_TRUE:
      case IS_FALSE:
      case IS_NOT_FALSE:
        for (ShardExpression operand : operands) {
          require(operand.type().name() == SqlTypeName.BOOLEAN, "non-boolean logic");
        }
        return;
      case IS_NULL:
      case IS_NOT_NULL:
        return;
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        require(
            comparable(operands.get(0).type(), operands.get(1).type()),
            "comparison of " + operands.get(0).type() + " and " + operands.get(1).type());
        return;
      case PLUS:
      case MINUS:
      case TIMES:
      case DIVIDE:
        require(
            type.isInteger() || type.lane() == io.sluice.sql.exec.Lane.DOUBLE,
            "arithmetic producing " + type);
        for (ShardExpression operand : operands) {
          require(
              operand.type().isInteger() || operand.type().lane() == io.sluice.sql.exec.Lane.DOUBLE,
              "arithmetic on " + operand.type());
        }
        if (operator == Operator.DIVIDE && type.isInteger()) {
          require(
              operands.get(0).type().isInteger() && operands.get(1).type().isInteger(),
              "mixed integer division");
        }
        return;
      case NEGATE:
        require(
            operands.get(0).type().isInteger()
                || operands.get(0).type().lane() == io.sluice.sql.exec.Lane.DOUBLE,
            "negation of " + operands.get(0).type());
        return;
      case CAST:
        require(castable(operands.get(0).type(), type), "cast to " + type);
        return;
      default:
        throw new UnsupportedOperationException("operator " + operator);
    }
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new UnsupportedOperationException(what + " is not evaluated on shards");
    }
  }

  private static boolean comparable(ExprType a, ExprType b) {
    io.sluice.sql.exec.Lane la = a.lane();
    io.sluice.sql.exec.Lane lb = b.lane();
    if (la == io.sluice.sql.exec.Lane.LONG && lb == io.sluice.sql.exec.Lane.LONG) {
      return family(a) == family(b);
    }
    if (la == lb) {
      return la != io.sluice.sql.exec.Lane.BYTES || binary(a) == binary(b);
    }
    boolean numericA = a.isInteger() || la != io.sluice.sql.exec.Lane.LONG;
    boolean numericB = b.isInteger() || lb != io.sluice.sql.exec.Lane.LONG;
    return numericA
        && numericB
        && la != io.sluice.sql.exec.Lane.BYTES
        && lb != io.sluice.sql.exec.Lane.BYTES
        && la != io.sluice.sql.exec.Lane.BOOLEAN
        && lb != io.sluice.sql.exec.Lane.BOOLEAN;
  }

  private static boolean binary(ExprType type) {
    return type.name() == SqlTypeName.BINARY || type.name() == SqlTypeName.VARBINARY;
  }

  /** Integer types, DATE, TIME and timestamps each form a family compared within itself. */
  private static SqlTypeName family(ExprType type) {
    if (type.isInteger()) {
      return SqlTypeName.BIGINT;
    }
    if (type.name() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
      return SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }
    return type.name();
  }

  private static boolean castable(ExprType from, ExprType to) {
    if (from.name() == to.name()
        && (from.name() != SqlTypeName.DECIMAL
            || (from.precision() == to.precision() && from.scale() == to.scale()))
        && to.name() != SqlTypeName.CHAR
        && to.name() != SqlTypeName.BINARY) {
      return true;
    }
    if (from.isInteger()) {
      return to.isInteger()
          || to.lane() == io.sluice.sql.exec.Lane.DOUBLE
          || to.name() == SqlTypeName.DECIMAL;
    }
    if (from.lane() == io.sluice.sql.exec.Lane.DOUBLE) {
      return to.lane() == io.sluice.sql.exec.Lane.DOUBLE;
    }
    if (from.name() == SqlTypeName.DECIMAL) {
      return to.lane() == io.sluice.sql.exec.Lane.DOUBLE;
    }
    if (from.name() == SqlTypeName.DATE) {
      return to.name() == SqlTypeName.TIMESTAMP;
    }
    if (from.name() == SqlTypeName.CHAR || from.name() == SqlTypeName.VARCHAR) {
      return to.name() == SqlTypeName.VARCHAR;
    }
    return false;
  }
}
