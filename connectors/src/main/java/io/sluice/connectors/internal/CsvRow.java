package io.sluice.connectors.internal;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordWrapper;
import java.util.Arrays;
import java.util.List;

/**
 * One CSV record as FastCSV's callback hands it over: its starting line, its fields and whether
 * each was quoted (so an empty quoted field {@code ""} is an empty string, while an empty unquoted
 * one is NULL, as DuckDB and PostgreSQL read them). One instance is reused for every record.
 */
final class CsvRow {
  long line;
  int count;
  String[] fields = new String[16];
  boolean[] quoted = new boolean[16];

  String field(int index) {
    return fields[index];
  }

  boolean quoted(int index) {
    return quoted[index];
  }

  List<String> fields() {
    return Arrays.asList(Arrays.copyOf(fields, count));
  }

  boolean multiLine() {
    for (int i = 0; i < count; i++) {
      if (fields[i].indexOf('\n') >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Fills the reused row from FastCSV's callbacks. */
  static final class Handler extends AbstractBaseCsvCallbackHandler<CsvRow> {
    private final CsvRow row = new CsvRow();

    @Override
    protected void handleBegin(long startingLineNumber) {
      row.line = startingLineNumber;
      row.count = 0;
    }

    @Override
    protected void handleField(int index, char[] buffer, int offset, int length, boolean quoted) {
      if (index >= row.fields.length) {
        row.fields = Arrays.copyOf(row.fields, index * 2);
        row.quoted = Arrays.copyOf(row.quoted, index * 2);
      }
      row.fields[index] = new String(buffer, offset, length);
      row.quoted[index] = quoted;
      row.count = index + 1;
    }

    @Override
    protected RecordWrapper<CsvRow> buildRecord() {
      return wrapRecord(row);
    }
  }
}
