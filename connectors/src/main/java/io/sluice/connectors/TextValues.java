package io.sluice.connectors;

import io.sluice.connectors.internal.TextParser;
import io.sluice.connectors.internal.ValueText;
import io.sluice.storage.ColumnType;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Values of Sluice's column types as text, both ways, the way the connectors read and write CSV:
 * for callers outside the connectors that turn literals into column values (SQL's INSERT fast path)
 * or values into text.
 */
public final class TextValues {
  private final TextParser parser;
  private final ValueText text;

  private TextValues(Field field) {
    this.parser = TextParser.of(field, null, null);
    this.text = new ValueText(ColumnType.of(field), null, null);
  }

  /**
   * @param field a column of a Sluice type
   * @return its text conversions
   */
  public static TextValues of(Field field) {
    return new TextValues(field);
  }

  /**
   * Parses text into a row of the column's vector.
   *
   * @param vector the column
   * @param row the row
   * @param value the text
   * @throws BadValueException if the text is not a value of the column's type
   */
  public void parse(FieldVector vector, int row, String value) throws BadValueException {
    parser.parse(vector, row, value);
  }

  /**
   * @param vector the column
   * @param row a non-null row
   * @return its value as text
   */
  public String format(FieldVector vector, int row) {
    return text.format(vector, row);
  }
}
