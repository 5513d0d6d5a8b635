package io.sluice.storage;

import java.util.List;
import java.util.Objects;

/**
 * One condition {@code column op literal} a scan can use to skip chunks and filter rows.
 *
 * <p>A null value never satisfies a comparison (SQL semantics), so only {@link Operator#IS_NULL}
 * matches nulls. Literals are Java values of the column's type; see {@code docs/storage.md} for
 * which classes each SQL type accepts (for example {@code Long} for BIGINT, {@code String} for
 * VARCHAR, {@code LocalDate} for DATE, {@code Instant} for TIMESTAMP WITH TIME ZONE).
 */
public final class Predicate {

  /** The comparison a predicate makes. */
  public enum Operator {
    EQUAL("="),
    LESS_THAN("<"),
    LESS_THAN_OR_EQUAL("<="),
    GREATER_THAN(">"),
    GREATER_THAN_OR_EQUAL(">="),
    /** Both bounds included. */
    BETWEEN("BETWEEN"),
    IS_NULL("IS NULL"),
    IS_NOT_NULL("IS NOT NULL");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /**
     * @return the SQL spelling
     */
    public String symbol() {
      return symbol;
    }
  }

  private final String column;
  private final Operator operator;
  private final List<Object> literals;

  private Predicate(String column, Operator operator, List<Object> literals) {
    this.column = Objects.requireNonNull(column, "column");
    this.operator = operator;
    for (Object literal : literals) {
      if (literal == null) {
        throw new IllegalArgumentException(
            "predicate on '" + column + "': a literal must not be null (use IS NULL)");
      }
    }
    this.literals = List.copyOf(literals);
  }

  /**
   * @param column the column name
   * @param value the literal
   * @return {@code column = value}
   */
  public static Predicate equal(String column, Object value) {
    return new Predicate(column, Operator.EQUAL, java.util.Arrays.asList(value));
  }

  /**
   * @param column the column name
   * @param value the literal
   * @return {@code column < value}
   */
  public static Predicate lessThan(String column, Object value) {
    return new Predicate(column, Operator.LESS_THAN, java.util.Arrays.asList(value));
  }

  /**
   * @param column the column name
   * @param value the literal
   * @return {@code column <= value}
   */
  public static Predicate lessThanOrEqual(String column, Object value) {
    return new Predicate(column, Operator.LESS_THAN_OR_EQUAL, java.util.Arrays.asList(value));
  }

  /**
   * @param column the column name
   * @param value the literal
   * @return {@code column > value}
   */
  public static Predicate greaterThan(String column, Object value) {
    return new Predicate(column, Operator.GREATER_THAN, java.util.Arrays.asList(value));
  }

  /**
   * @param column the column name
   * @param value the literal
   * @return {@code column >= value}
   */
  public static Predicate greaterThanOrEqual(String column, Object value) {
    return new Predicate(column, Operator.GREATER_THAN_OR_EQUAL, java.util.Arrays.asList(value));
  }

  /**
   * @param column the column name
   * @param operator one of the five comparisons with one literal (=, <, <=, >, >=)
   * @param value the literal
   * @return {@code column operator value}
   * @throws IllegalArgumentException for an operator that does not compare with one literal
   */
  public static Predicate compare(String column, Operator operator, Object value) {
    switch (operator) {
      case EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL:
        return new Predicate(column, operator, java.util.Arrays.asList(value));
      default:
        throw new IllegalArgumentException(
            operator.symbol() + " does not compare '" + column + "' with one literal");
    }
  }

  /**
   * @param column the column name
   * @param low the lower bound, included
   * @param high the upper bound, included
   * @return {@code column BETWEEN low AND high}
   */
  public static Predicate between(String column, Object low, Object high) {
    return new Predicate(column, Operator.BETWEEN, java.util.Arrays.asList(low, high));
  }

  /**
   * @param column the column name
   * @return {@code column IS NULL}
   */
  public static Predicate isNull(String column) {
    return new Predicate(column, Operator.IS_NULL, List.of());
  }

  /**
   * @param column the column name
   * @return {@code column IS NOT NULL}
   */
  public static Predicate isNotNull(String column) {
    return new Predicate(column, Operator.IS_NOT_NULL, List.of());
  }

  /**
   * @param other a column name
   * @return the same comparison on that column (a file's own name for a table's column, say)
   */
  public Predicate withColumn(String other) {
    return new Predicate(other, operator, literals);
  }

  /**
   * @return the column name
   */
  public String column() {
    return column;
  }

  /**
   * @return the comparison
   */
  public Operator operator() {
    return operator;
  }

  /**
   * @return the literals: none for the null tests, two for BETWEEN, one otherwise
   */
  public List<Object> literals() {
    return literals;
  }

  /**
   * Decides from statistics, the way chunk pruning does, whether a range of rows may hold a row
   * satisfying this predicate. For statistics kept outside the store, such as a Parquet file's row
   * groups.
   *
   * @param type the column's type
   * @param rows rows in the range
   * @param nullCount nulls among them, or -1 if unknown
   * @param min the least non-null value, or null if unknown: a {@code Long} for integers, BOOLEAN
   *     (0 or 1), DATE (epoch days), TIME and TIMESTAMPs (microseconds); a {@code Double} for FLOAT
   *     and DOUBLE; a {@code BigDecimal} for DECIMAL; UTF-8 or raw {@code byte[]} for VARCHAR and
   *     VARBINARY (a prefix of the least value is still a lower bound)
   * @param max the greatest non-null value in the same form, or null if unknown
   * @return false only if no row of the range can satisfy the predicate
   * @throws IllegalArgumentException if a literal of the predicate does not fit the type
   */
  public boolean mayMatch(ColumnType type, long rows, long nullCount, Object min, Object max) {
    return io.sluice.storage.internal.StatisticsPruning.mayMatch(
        this, type, rows, nullCount, min, max);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Predicate
        && ((Predicate) other).column.equals(column)
        && ((Predicate) other).operator == operator
        && ((Predicate) other).literals.equals(literals);
  }

  @Override
  public int hashCode() {
    return Objects.hash(column, operator, literals);
  }

  @Override
  public String toString() {
    switch (operator) {
      case IS_NULL:
      case IS_NOT_NULL:
        return column + " " + operator.symbol();
      case BETWEEN:
        return column + " BETWEEN " + literals.get(0) + " AND " + literals.get(1);
      default:
        return column + " " + operator.symbol() + " " + literals.get(0);
    }
  }
}
