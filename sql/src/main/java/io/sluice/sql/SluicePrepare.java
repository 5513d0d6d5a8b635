package io.sluice.sql;

import io.sluice.sql.function.WasmTypeCoercion;
import java.lang.reflect.Type;
import java.util.function.UnaryOperator;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Calcite's statement preparation, with syntax errors reported the way SQL users expect: where the
 * error is (line and column) first, then what the parser found, and a short list of what it
 * expected instead of Calcite's list of every token it knows.
 */
public final class SluicePrepare extends CalcitePrepareImpl {
  /** How many expected tokens a syntax error lists. */
  static final int EXPECTED_SHOWN = 12;

  @Override
  protected CalcitePreparingStmt getPreparingStmt(
      Context context,
      Type elementType,
      CalciteCatalogReader catalogReader,
      RelOptPlanner planner) {
    JavaTypeFactory typeFactory = context.getTypeFactory();
    return new CalcitePreparingStmt(
        this,
        context,
        catalogReader,
        typeFactory,
        context.getRootSchema(),
        elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM,
        createCluster(planner, new RexBuilder(typeFactory)),
        EnumerableConvention.INSTANCE,
        createConvertletTable()) {
      @Override
      protected SqlValidator createSqlValidator(
          Prepare.CatalogReader reader, UnaryOperator<SqlValidator.Config> configTransform) {
        return super.createSqlValidator(
            reader,
            config -> configTransform.apply(config).withTypeCoercionFactory(WasmTypeCoercion::new));
      }
    };
  }

  @Override
  public <T> CalciteSignature<T> prepareSql(
      Context context, Query<T> query, Type elementType, long maxRowCount) {
    try {
      return super.prepareSql(context, query, elementType, maxRowCount);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof SqlParseException parse) {
        throw new SyntaxError(describe(parse), parse);
      }
      throw e;
    }
  }

  /**
   * @param e a parse failure
   * @return "syntax error at line L, column C: ..." with at most {@link #EXPECTED_SHOWN} of the
   *     expected tokens
   */
  static String describe(SqlParseException e) {
    SqlParserPos pos = e.getPos();
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    String[] lines = message.split("\n");
    StringBuilder out = new StringBuilder("syntax error");
    if (pos != null && pos.getLineNum() > 0) {
      out.append(" at line ")
          .append(pos.getLineNum())
          .append(", column ")
          .append(pos.getColumnNum());
    }
    out.append(": ").append(lines[0].strip());
    int shown = 0;
    int more = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("Was expecting")) {
        out.append(' ').append(line);
        continue;
      }
      if (shown < EXPECTED_SHOWN) {
        out.append(shown == 0 ? " " : ", ").append(line.replace(" ...", ""));
        shown++;
      } else {
        more++;
      }
    }
    if (more > 0) {
      out.append(" (and ").append(more).append(" more)");
    }
    return out.toString();
  }

  /** A statement that does not parse. */
  public static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message, SqlParseException cause) {
      super(message, cause);
    }
  }
}
