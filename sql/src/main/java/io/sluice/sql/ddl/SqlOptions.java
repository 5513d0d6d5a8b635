package io.sluice.sql.ddl;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.util.Pair;

/** Reads and writes the {@code WITH (name = value, ...)} option lists of Sluice's DDL. */
public final class SqlOptions {
  private SqlOptions() {}

  /**
   * Returns the options of a flat {@code name, value, ...} list, names lower-cased, each with the
   * parse tree node of its value (so errors can point at it).
   *
   * @param options the flat list the parser made
   * @return the options in the order written
   * @throws IllegalArgumentException when an option is given twice
   */
  public static Map<String, Pair<String, SqlNode>> toMap(SqlNodeList options) {
    Map<String, Pair<String, SqlNode>> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < options.size(); i += 2) {
      String name = ((SqlIdentifier) options.get(i)).getSimple().toLowerCase(Locale.ROOT);
      SqlNode value = options.get(i + 1);
      String text = ((SqlLiteral) value).toValue();
      if (map.put(name, Pair.of(text, value)) != null) {
        throw new IllegalArgumentException("option " + name + " is given twice");
      }
    }
    return map;
  }

  static void unparse(SqlWriter writer, SqlNodeList options) {
    if (options.isEmpty()) {
      return;
    }
    writer.keyword("WITH");
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (int i = 0; i + 1 < options.size(); i += 2) {
      writer.sep(",");
      options.get(i).unparse(writer, 0, 0);
      writer.keyword("=");
      options.get(i + 1).unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
