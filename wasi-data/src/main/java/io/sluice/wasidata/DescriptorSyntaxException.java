package io.sluice.wasidata;

/**
 * A {@code sluice_v1.functions} text that does not follow the grammar of ABI.md section 2; the
 * message gives the line, the column and what was expected there.
 */
public final class DescriptorSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  /**
   * @param line the line, from 1
   * @param column the column, from 1
   * @param problem what was expected and what was found
   */
  public DescriptorSyntaxException(int line, int column, String problem) {
    super("line " + line + ", column " + column + ": " + problem);
    this.line = line;
    this.column = column;
  }

  /**
   * @return the line of the problem, from 1
   */
  public int line() {
    return line;
  }

  /**
   * @return the column of the problem, from 1
   */
  public int column() {
    return column;
  }
}
