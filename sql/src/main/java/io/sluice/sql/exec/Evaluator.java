package io.sluice.sql.exec;

import io.sluice.sql.exec.ShardExpression.Call;
import io.sluice.sql.exec.ShardExpression.InputRef;
import io.sluice.sql.exec.ShardExpression.Literal;
import io.sluice.sql.exec.ShardExpression.Parameter;
import io.sluice.sql.exec.ShardExpression.WasmCall;
import io.sluice.sql.type.SqlTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Evaluates {@link ShardExpression}s over a batch, one operator at a time over whole columns, with
 * SQL's NULL semantics (three-valued AND/OR, NULL in, NULL out).
 *
 * <p>This class is long because it holds every kernel; each kernel is a plain loop over arrays so
 * the JIT compiles it tight. Semantics follow Calcite's own runtime, which runs whatever is not
 * pushed, so a query gives the same answer pushed or not: integer arithmetic wraps like Java's,
 * integer division truncates and fails on zero, strings compare by their UTF-8 bytes.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * @param expression what to compute
   * @param batch the input
   * @return one value per row of the batch
   */
  public static Column evaluate(ShardExpression expression, EvalBatch batch) {
    if (expression instanceof InputRef ref) {
      return batch.column(ref.index());
    } else if (expression instanceof Literal literal) {
      return constant(literal.value(), literal.type().lane(), batch.rows());
    } else if (expression instanceof Parameter parameter) {
      Object value = batch.query().parameter(parameter.index(), parameter.type());
      return constant(value, parameter.type().lane(), batch.rows());
    } else if (expression instanceof Call call) {
      return call(call, batch);
    } else if (expression instanceof WasmCall call) {
      return wasm(call, batch);
    }
    throw new IllegalStateException("unknown expression " + expression);
  }

  /**
   * Evaluates a condition and lists the rows where it is TRUE (not FALSE, not NULL).
   *
   * @param condition a BOOLEAN expression
   * @param batch the input
   * @param selection receives the selected rows, increasing; at least {@code batch.rows()} long
   * @return how many rows are selected
   */
  public static int select(ShardExpression condition, EvalBatch batch, int[] selection) {
    Column.Booleans result = (Column.Booleans) evaluate(condition, batch);
    int count = 0;
    for (int i = 0; i < result.rows; i++) {
      if (result.values[i] && !result.isNull(i)) {
        selection[count++] = i;
      }
    }
    return count;
  }

  /** A column of one repeated value (or of NULLs). */
  static Column constant(Object value, Lane lane, int rows) {
    boolean[] nulls = null;
    if (value == null) {
      nulls = new boolean[rows];
      Arrays.fill(nulls, true);
    }
    switch (lane) {
      case LONG:
        long[] longs = new long[rows];
        if (value != null) {
          Arrays.fill(longs, ((Number) value).longValue());
        }
        return new Column.Longs(longs, nulls);
      case DOUBLE:
        double[] doubles = new double[rows];
        if (value != null) {
          Arrays.fill(doubles, ((Number) value).doubleValue());
        }
        return new Column.Doubles(doubles, nulls);
      case DECIMAL:
        BigDecimal[] decimals = new BigDecimal[rows];
        if (value != null) {
          Arrays.fill(decimals, (BigDecimal) value);
        }
        return new Column.Decimals(decimals, nulls);
      case BYTES:
        byte[][] bytes = new byte[rows][];
        if (value != null) {
          Arrays.fill(bytes, (byte[]) value);
        }
        return new Column.Bytes(bytes, nulls);
      case BOOLEAN:
        boolean[] booleans = new boolean[rows];
        if (value != null) {
          Arrays.fill(booleans, (Boolean) value);
        }
        return new Column.Booleans(booleans, nulls);
      default:
        throw new IllegalStateException("lane " + lane);
    }
  }

  private static Column call(Call call, EvalBatch batch) {
    List<ShardExpression> operands = call.operands();
    switch (call.operator()) {
      case AND:
        return and(operands, batch);
      case OR:
        return or(operands, batch);
      case NOT:
        return not((Column.Booleans) evaluate(operands.get(0), batch));
      case IS_NULL:
      case IS_NOT_NULL:
        return nullTest(evaluate(operands.get(0), batch), call.operator());
      case IS_TRUE:
      case IS_NOT_TRUE:
      case IS_FALSE:
      case IS_NOT_FALSE:
        return truthTest((Column.Booleans) evaluate(operands.get(0), batch), call.operator());
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        return compare(operands.get(0), operands.get(1), call.operator(), batch);
      case PLUS:
      case MINUS:
      case TIMES:
      case DIVIDE:
        return arithmetic(operands.get(0), operands.get(1), call.operator(), call.type(), batch);
      case NEGATE:
        return negate(evaluate(operands.get(0), batch));
      case CAST:
        return cast(evaluate(operands.get(0), batch), operands.get(0).type(), call.type());
      case LIKE:
        return like(evaluate(operands.get(0), batch), (byte[]) ((Literal) operands.get(1)).value());
      case CASE:
        return caseWhen(operands, call.type().lane(), batch);
      case EXTRACT_YEAR:
      case EXTRACT_MONTH:
      case EXTRACT_DAY:
        return extract((Column.Longs) evaluate(operands.get(0), batch), call.operator());
      default:
        throw new IllegalStateException("operator " + call.operator());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // LIKE, CASE, EXTRACT

  /**
   * LIKE with a pattern of literal parts between '%' wildcards, matched on UTF-8 bytes (a part
   * found at a byte offset is found at a character boundary, UTF-8 being self-synchronizing).
   */
  private static Column.Booleans like(Column in, byte[] pattern) {
    Column.Bytes values = (Column.Bytes) in;
    List<byte[]> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= pattern.length; i++) {
      if (i == pattern.length || pattern[i] == '%') {
        parts.add(Arrays.copyOfRange(pattern, start, i));
        start = i + 1;
      }
    }
    boolean anchoredStart = pattern.length == 0 || pattern[0] != '%';
    boolean anchoredEnd = pattern.length == 0 || pattern[pattern.length - 1] != '%';
    int rows = in.rows;
    boolean[] out = new boolean[rows];
    boolean[] nulls = null;
    for (int r = 0; r < rows; r++) {
      byte[] value = values.values[r];
      if (value == null || in.isNull(r)) {
        if (nulls == null) {
          nulls = new boolean[rows];
        }
        nulls[r] = true;
        continue;
      }
      out[r] = likeMatches(value, parts, anchoredStart, anchoredEnd);
    }
    return new Column.Booleans(out, nulls);
  }

  private static boolean likeMatches(
      byte[] value, List<byte[]> parts, boolean anchoredStart, boolean anchoredEnd) {
    int last = parts.size() - 1;
    if (last == 0) {
      return Arrays.equals(value, parts.get(0));
    }
    byte[] first = parts.get(0);
    byte[] end = parts.get(last);
    if (value.length < first.length + end.length) {
      return false;
    }
    if (anchoredStart && !Arrays.equals(value, 0, first.length, first, 0, first.length)) {
      return false;
    }
    int limit = value.length - end.length;
    if (anchoredEnd && !Arrays.equals(value, limit, value.length, end, 0, end.length)) {
      return false;
    }
    int from = first.length;
    for (int p = 1; p < last; p++) {
      int at = indexOf(value, from, limit, parts.get(p));
      if (at < 0) {
        return false;
      }
      from = at + parts.get(p).length;
    }
    return true;
  }

  /** The first offset in [from, limit) where {@code part} lies wholly before {@code limit}. */
  private static int indexOf(byte[] value, int from, int limit, byte[] part) {
    if (part.length == 0) {
      return from;
    }
    byte head = part[0];
    for (int i = from; i + part.length <= limit; i++) {
      if (value[i] == head && Arrays.equals(value, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * CASE: each row takes the value of the first branch whose condition is true, else the ELSE
   * value. Every branch is computed for the whole batch, so the planner only accepts branches that
   * cannot fail ({@code RexToShard}).
   */
  private static Column caseWhen(List<ShardExpression> operands, Lane lane, EvalBatch batch) {
    int rows = batch.rows();
    int[] chosen = new int[rows];
    Arrays.fill(chosen, operands.size() - 1);
    boolean[] decided = new boolean[rows];
    for (int w = 0; w + 1 < operands.size(); w += 2) {
      Column.Booleans when = (Column.Booleans) evaluate(operands.get(w), batch);
      for (int r = 0; r < rows; r++) {
        if (!decided[r] && when.values[r] && !when.isNull(r)) {
          decided[r] = true;
          chosen[r] = w + 1;
        }
      }
    }
    Column[] values = new Column[operands.size()];
    for (int v = 1; v < operands.size(); v += 2) {
      values[v] = toLane(evaluate(operands.get(v), batch), lane);
    }
    values[operands.size() - 1] = toLane(evaluate(operands.get(operands.size() - 1), batch), lane);
    boolean[] nulls = new boolean[rows];
    boolean anyNull = false;
    for (int r = 0; r < rows; r++) {
      nulls[r] = Columns.isNull(values[chosen[r]], r);
      anyNull |= nulls[r];
    }
    boolean[] outNulls = anyNull ? nulls : null;
    switch (lane) {
      case LONG:
        {
          long[] out = new long[rows];
          for (int r = 0; r < rows; r++) {
            out[r] = ((Column.Longs) values[chosen[r]]).values[r];
          }
          return new Column.Longs(out, outNulls);
        }
      case DOUBLE:
        {
          double[] out = new double[rows];
          for (int r = 0; r < rows; r++) {
            out[r] = ((Column.Doubles) values[chosen[r]]).values[r];
          }
          return new Column.Doubles(out, outNulls);
        }
      case DECIMAL:
        {
          BigDecimal[] out = new BigDecimal[rows];
          for (int r = 0; r < rows; r++) {
            out[r] = nulls[r] ? null : ((Column.Decimals) values[chosen[r]]).values[r];
          }
          return new Column.Decimals(out, outNulls);
        }
      case BYTES:
        {
          byte[][] out = new byte[rows][];
          for (int r = 0; r < rows; r++) {
            out[r] = nulls[r] ? null : ((Column.Bytes) values[chosen[r]]).values[r];
          }
          return new Column.Bytes(out, outNulls);
        }
      default:
        {
          boolean[] out = new boolean[rows];
          for (int r = 0; r < rows; r++) {
            out[r] = ((Column.Booleans) values[chosen[r]]).values[r];
          }
          return new Column.Booleans(out, outNulls);
        }
    }
  }

  /** YEAR, MONTH or DAY of dates held as days since 1970-01-01. */
  private static Column.Longs extract(Column.Longs days, ShardExpression.Operator operator) {
    long[] out = new long[days.rows];
    for (int r = 0; r < out.length; r++) {
      if (days.isNull(r)) {
        continue;
      }
      java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days.values[r]);
      out[r] =
          switch (operator) {
            case EXTRACT_YEAR -> date.getYear();
            case EXTRACT_MONTH -> date.getMonthValue();
            default -> date.getDayOfMonth();
          };
    }
    return new Column.Longs(out, days.nulls == null ? null : days.nulls.clone());
  }

  // ---------------------------------------------------------------------------------------------
  // Boolean logic

  private static Column.Booleans and(List<ShardExpression> operands, EvalBatch batch) {
    Column.Booleans first = (Column.Booleans) evaluate(operands.get(0), batch);
    int rows = first.rows;
    boolean[] values = first.values.clone();
    boolean[] nulls = first.nulls == null ? null : first.nulls.clone();
    for (int k = 1; k < operands.size(); k++) {
      Column.Booleans next = (Column.Booleans) evaluate(operands.get(k), batch);
      if (nulls == null && next.nulls != null) {
        nulls = new boolean[rows];
      }
      for (int i = 0; i < rows; i++) {
        boolean leftFalse = !values[i] && (nulls == null || !nulls[i]);
        boolean rightNull = next.isNull(i);
        boolean rightFalse = !next.values[i] && !rightNull;
        if (leftFalse || rightFalse) {
          values[i] = false;
          if (nulls != null) {
            nulls[i] = false;
          }
        } else if (rightNull) {
          nulls[i] = true;
        }
      }
    }
    return new Column.Booleans(values, nulls);
  }

  private static Column.Booleans or(List<ShardExpression> operands, EvalBatch batch) {
    Column.Booleans first = (Column.Booleans) evaluate(operands.get(0), batch);
    int rows = first.rows;
    boolean[] values = first.values.clone();
    boolean[] nulls = first.nulls == null ? null : first.nulls.clone();
    for (int k = 1; k < operands.size(); k++) {
      Column.Booleans next = (Column.Booleans) evaluate(operands.get(k), batch);
      if (nulls == null && next.nulls != null) {
        nulls = new boolean[rows];
      }
      for (int i = 0; i < rows; i++) {
        boolean leftTrue = values[i] && (nulls == null || !nulls[i]);
        boolean rightNull = next.isNull(i);
        boolean rightTrue = next.values[i] && !rightNull;
        if (leftTrue || rightTrue) {
          values[i] = true;
          if (nulls != null) {
            nulls[i] = false;
          }
        } else if (rightNull) {
          nulls[i] = true;
        }
      }
    }
    return new Column.Booleans(values, nulls);
  }

  private static Column.Booleans not(Column.Booleans in) {
    boolean[] values = new boolean[in.rows];
    for (int i = 0; i < in.rows; i++) {
      values[i] = !in.values[i];
    }
    return new Column.Booleans(values, in.nulls);
  }

  private static Column.Booleans nullTest(Column in, ShardExpression.Operator operator) {
    boolean[] values = new boolean[in.rows];
    boolean wantNull = operator == ShardExpression.Operator.IS_NULL;
    for (int i = 0; i < in.rows; i++) {
      values[i] = in.isNull(i) == wantNull;
    }
    return new Column.Booleans(values, null);
  }

  private static Column.Booleans truthTest(Column.Booleans in, ShardExpression.Operator operator) {
    boolean[] values = new boolean[in.rows];
    for (int i = 0; i < in.rows; i++) {
      boolean isTrue = !in.isNull(i) && in.values[i];
      boolean isFalse = !in.isNull(i) && !in.values[i];
      switch (operator) {
        case IS_TRUE:
          values[i] = isTrue;
          break;
        case IS_NOT_TRUE:
          values[i] = !isTrue;
          break;
        case IS_FALSE:
          values[i] = isFalse;
          break;
        default:
          values[i] = !isFalse;
          break;
      }
    }
    return new Column.Booleans(values, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Comparison

  private static Column.Booleans compare(
      ShardExpression leftExpression,
      ShardExpression rightExpression,
      ShardExpression.Operator operator,
      EvalBatch batch) {
    Lane lane = commonLane(leftExpression.type().lane(), rightExpression.type().lane());
    Column left = toLane(evaluate(leftExpression, batch), lane);
    Column right = toLane(evaluate(rightExpression, batch), lane);
    int rows = left.rows;
    boolean[] values = new boolean[rows];
    boolean[] nulls = orNulls(left.nulls, right.nulls, rows);
    switch (lane) {
      case LONG:
        {
          long[] a = ((Column.Longs) left).values;
          long[] b = ((Column.Longs) right).values;
          for (int i = 0; i < rows; i++) {
            values[i] = test(Long.compare(a[i], b[i]), operator);
          }
          break;
        }
      case DOUBLE:
        {
          double[] a = ((Column.Doubles) left).values;
          double[] b = ((Column.Doubles) right).values;
          for (int i = 0; i < rows; i++) {
            values[i] = testDouble(a[i], b[i], operator);
          }
          break;
        }
      case DECIMAL:
        {
          BigDecimal[] a = ((Column.Decimals) left).values;
          BigDecimal[] b = ((Column.Decimals) right).values;
          for (int i = 0; i < rows; i++) {
            if (a[i] != null && b[i] != null) {
              values[i] = test(a[i].compareTo(b[i]), operator);
            }
          }
          break;
        }
      case BYTES:
        {
          byte[][] a = ((Column.Bytes) left).values;
          byte[][] b = ((Column.Bytes) right).values;
          for (int i = 0; i < rows; i++) {
            if (a[i] != null && b[i] != null) {
              values[i] = test(Arrays.compareUnsigned(a[i], b[i]), operator);
            }
          }
          break;
        }
      case BOOLEAN:
        {
          boolean[] a = ((Column.Booleans) left).values;
          boolean[] b = ((Column.Booleans) right).values;
          for (int i = 0; i < rows; i++) {
            values[i] = test(Boolean.compare(a[i], b[i]), operator);
          }
          break;
        }
      default:
        throw new IllegalStateException("lane " + lane);
    }
    return new Column.Booleans(values, nulls);
  }

  private static boolean test(int comparison, ShardExpression.Operator operator) {
    switch (operator) {
      case EQUALS:
        return comparison == 0;
      case NOT_EQUALS:
        return comparison != 0;
      case LESS_THAN:
        return comparison < 0;
      case LESS_THAN_OR_EQUAL:
        return comparison <= 0;
      case GREATER_THAN:
        return comparison > 0;
      default:
        return comparison >= 0;
    }
  }

  /** Compares doubles the way Java's operators do (NaN is unequal to everything). */
  private static boolean testDouble(double a, double b, ShardExpression.Operator operator) {
    switch (operator) {
      case EQUALS:
        return a == b;
      case NOT_EQUALS:
        return a != b;
      case LESS_THAN:
        return a < b;
      case LESS_THAN_OR_EQUAL:
        return a <= b;
      case GREATER_THAN:
        return a > b;
      default:
        return a >= b;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Arithmetic

  private static Column arithmetic(
      ShardExpression leftExpression,
      ShardExpression rightExpression,
      ShardExpression.Operator operator,
      ExprType resultType,
      EvalBatch batch) {
    Lane lane = resultType.lane();
    Column left = toLane(evaluate(leftExpression, batch), lane);
    Column right = toLane(evaluate(rightExpression, batch), lane);
    int rows = left.rows;
    boolean[] nulls = orNulls(left.nulls, right.nulls, rows);
    if (lane == Lane.LONG) {
      long[] a = ((Column.Longs) left).values;
      long[] b = ((Column.Longs) right).values;
      long[] out = new long[rows];
      switch (operator) {
        case PLUS:
          for (int i = 0; i < rows; i++) {
            out[i] = a[i] + b[i];
          }
          break;
        case MINUS:
          for (int i = 0; i < rows; i++) {
            out[i] = a[i] - b[i];
          }
          break;
        case TIMES:
          for (int i = 0; i < rows; i++) {
            out[i] = a[i] * b[i];
          }
          break;
        default:
          for (int i = 0; i < rows; i++) {
            if (nulls == null || !nulls[i]) {
              if (b[i] == 0) {
                throw new ArithmeticException("division by zero");
              }
              out[i] = a[i] / b[i];
            }
          }
          break;
      }
      return wrap(out, nulls, resultType);
    }
    double[] a = ((Column.Doubles) left).values;
    double[] b = ((Column.Doubles) right).values;
    double[] out = new double[rows];
    switch (operator) {
      case PLUS:
        for (int i = 0; i < rows; i++) {
          out[i] = a[i] + b[i];
        }
        break;
      case MINUS:
        for (int i = 0; i < rows; i++) {
          out[i] = a[i] - b[i];
        }
        break;
      case TIMES:
        for (int i = 0; i < rows; i++) {
          out[i] = a[i] * b[i];
        }
        break;
      default:
        for (int i = 0; i < rows; i++) {
          out[i] = a[i] / b[i];
        }
        break;
    }
    if (resultType.name() == SqlTypeName.REAL || resultType.name() == SqlTypeName.FLOAT) {
      for (int i = 0; i < rows; i++) {
        out[i] = (float) out[i];
      }
    }
    return new Column.Doubles(out, nulls);
  }

  /** Narrows integer results to their SQL type's width, as Java's int arithmetic would. */
  /**
   * Wraps 64-bit results to the width of an integer type, as Java arithmetic on that type would.
   *
   * @param values the results, changed in place
   * @param nulls their null flags, or null
   * @param type the result type (TINYINT, SMALLINT and INTEGER wrap; other types are kept)
   * @return the column of the wrapped values
   */
  public static Column.Longs wrap(long[] values, boolean[] nulls, ExprType type) {
    switch (type.name()) {
      case INTEGER:
        for (int i = 0; i < values.length; i++) {
          values[i] = (int) values[i];
        }
        break;
      case SMALLINT:
        for (int i = 0; i < values.length; i++) {
          values[i] = (short) values[i];
        }
        break;
      case TINYINT:
        for (int i = 0; i < values.length; i++) {
          values[i] = (byte) values[i];
        }
        break;
      default:
        break;
    }
    return new Column.Longs(values, nulls);
  }

  private static Column negate(Column in) {
    if (in instanceof Column.Longs longs) {
      long[] out = new long[in.rows];
      for (int i = 0; i < in.rows; i++) {
        out[i] = -longs.values[i];
      }
      return new Column.Longs(out, in.nulls);
    } else if (in instanceof Column.Doubles doubles) {
      double[] out = new double[in.rows];
      for (int i = 0; i < in.rows; i++) {
        out[i] = -doubles.values[i];
      }
      return new Column.Doubles(out, in.nulls);
    } else if (in instanceof Column.Decimals decimals) {
      BigDecimal[] out = new BigDecimal[in.rows];
      for (int i = 0; i < in.rows; i++) {
        out[i] = decimals.values[i] == null ? null : decimals.values[i].negate();
      }
      return new Column.Decimals(out, in.nulls);
    }
    throw new IllegalStateException("cannot negate " + in.lane());
  }

  // ---------------------------------------------------------------------------------------------
  // Casts and lanes

  private static Column cast(Column in, ExprType from, ExprType to) {
    Column converted = toLane(in, to.lane());
    if (to.lane() == Lane.LONG && from.lane() == Lane.LONG) {
      if (from.name() == SqlTypeName.DATE
          && (to.name() == SqlTypeName.TIMESTAMP
              || to.name() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE)) {
        long[] days = ((Column.Longs) converted).values;
        long[] micros = new long[days.length];
        for (int i = 0; i < days.length; i++) {
          micros[i] = days[i] * 86_400_000_000L;
        }
        return new Column.Longs(micros, in.nulls);
      }
      return wrap(((Column.Longs) converted).values.clone(), in.nulls, to);
    }
    if (to.lane() == Lane.DOUBLE
        && (to.name() == SqlTypeName.REAL || to.name() == SqlTypeName.FLOAT)) {
      double[] values = ((Column.Doubles) converted).values.clone();
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) values[i];
      }
      return new Column.Doubles(values, in.nulls);
    }
    if (to.lane() == Lane.DECIMAL && to.scale() >= 0) {
      BigDecimal[] values = ((Column.Decimals) converted).values.clone();
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null) {
          values[i] = values[i].setScale(to.scale(), RoundingMode.HALF_UP);
        }
      }
      return new Column.Decimals(values, in.nulls);
    }
    return converted;
  }

  /** The lane two operands are compared or combined in. */
  static Lane commonLane(Lane a, Lane b) {
    if (a == b) {
      return a;
    }
    if (a == Lane.DOUBLE || b == Lane.DOUBLE) {
      return Lane.DOUBLE;
    }
    if (a == Lane.DECIMAL || b == Lane.DECIMAL) {
      return Lane.DECIMAL;
    }
    throw new UnsupportedOperationException("cannot combine " + a + " and " + b);
  }

  /** Converts numbers between lanes; other lanes must already match. */
  static Column toLane(Column in, Lane lane) {
    if (in.lane() == lane) {
      return in;
    }
    int rows = in.rows;
    if (lane == Lane.DOUBLE && in instanceof Column.Longs longs) {
      double[] out = new double[rows];
      for (int i = 0; i < rows; i++) {
        out[i] = longs.values[i];
      }
      return new Column.Doubles(out, in.nulls);
    }
    if (lane == Lane.DOUBLE && in instanceof Column.Decimals decimals) {
      double[] out = new double[rows];
      for (int i = 0; i < rows; i++) {
        out[i] = decimals.values[i] == null ? 0 : decimals.values[i].doubleValue();
      }
      return new Column.Doubles(out, in.nulls);
    }
    if (lane == Lane.DECIMAL && in instanceof Column.Longs longs) {
      BigDecimal[] out = new BigDecimal[rows];
      for (int i = 0; i < rows; i++) {
        out[i] = in.isNull(i) ? null : BigDecimal.valueOf(longs.values[i]);
      }
      return new Column.Decimals(out, in.nulls);
    }
    if (lane == Lane.LONG && in instanceof Column.Doubles doubles) {
      long[] out = new long[rows];
      for (int i = 0; i < rows; i++) {
        out[i] = (long) doubles.values[i];
      }
      return new Column.Longs(out, in.nulls);
    }
    throw new UnsupportedOperationException("cannot convert " + in.lane() + " to " + lane);
  }

  private static boolean[] orNulls(boolean[] a, boolean[] b, int rows) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    boolean[] out = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = a[i] || b[i];
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Wasm calls

  private static Column wasm(WasmCall call, EvalBatch batch) {
    List<FieldVector> arguments = new ArrayList<>();
    List<FieldVector> owned = new ArrayList<>();
    try {
      for (ShardExpression operand : call.operands()) {
        if (operand instanceof InputRef ref && batch.hasVector(ref.index())) {
          arguments.add(batch.vector(ref.index()));
        } else {
          FieldVector vector =
              Columns.toVector(evaluate(operand, batch), field(operand.type()), batch.allocator());
          owned.add(vector);
          arguments.add(vector);
        }
      }
      try (FieldVector result =
          call.function().invoke(arguments, batch.rows(), batch.allocator(), batch.query())) {
        return Columns.fromVector(result);
      }
    } finally {
      owned.forEach(FieldVector::close);
    }
  }

  private static Field field(ExprType type) {
    ArrowType arrowType =
        SqlTypes.toArrowType(type.name(), type.precision(), type.scale(), "argument");
    return new Field("argument", new FieldType(true, arrowType, null), null);
  }
}
