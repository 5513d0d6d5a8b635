package io.sluice.sql.catalog;

import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Lets the {@code read_*} functions take their path by position and their options by name, as in
 * DuckDB: {@code read_csv('data.tsv', delimiter => '\t')}. Calcite's validator accepts named
 * arguments only when every argument is named, so the parsed call's leading path is named {@code
 * path => ...} before validation.
 */
public final class FileFunctionCalls {
  private FileFunctionCalls() {}

  /**
   * @param statement a parsed statement; calls to {@code read_*} in it are rewritten in place
   */
  public static void namePaths(SqlNode statement) {
    if (statement == null) {
      return;
    }
    statement.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call instanceof SqlBasicCall basic && isFileFunction(basic)) {
              namePath(basic);
            }
            return super.visit(call);
          }
        });
  }

  private static boolean isFileFunction(SqlBasicCall call) {
    SqlIdentifier name = call.getOperator().getNameAsId();
    return name != null
        && FileTableMacro.FUNCTIONS.containsKey(
            name.names.get(name.names.size() - 1).toLowerCase(Locale.ROOT));
  }

  private static void namePath(SqlBasicCall call) {
    if (call.operandCount() < 2 || isNamed(call.operand(0))) {
      return;
    }
    for (int i = 1; i < call.operandCount(); i++) {
      if (!isNamed(call.operand(i))) {
        return; // positional options: the validator says what is wrong
      }
    }
    SqlNode path = call.operand(0);
    call.setOperand(
        0,
        SqlStdOperatorTable.ARGUMENT_ASSIGNMENT.createCall(
            path.getParserPosition(), path, new SqlIdentifier("path", path.getParserPosition())));
  }

  private static boolean isNamed(SqlNode operand) {
    return operand != null && operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT;
  }
}
