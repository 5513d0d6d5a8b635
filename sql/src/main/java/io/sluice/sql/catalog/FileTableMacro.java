package io.sluice.sql.catalog;

import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileAccess;
import io.sluice.connectors.FileFormat;
import io.sluice.connectors.FileOptions;
import io.sluice.connectors.FileSource;
import io.sluice.sql.SluiceEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The table functions that query files in place: {@code read_csv}, {@code read_parquet}, {@code
 * read_json} and {@code read_arrow}, each taking a path or glob and, by name, the read options of
 * its format ({@code read_csv('data/*.csv', delimiter => ';', header => false)}). The files' schema
 * is read when the statement is planned: Parquet and Arrow metadata, or a sample of CSV and JSON.
 */
public final class FileTableMacro implements TableMacro {
  /** The functions, by name, and their formats. */
  public static final Map<String, FileFormat> FUNCTIONS =
      Map.of(
          "read_csv", FileFormat.CSV,
          "read_parquet", FileFormat.PARQUET,
          "read_json", FileFormat.JSON,
          "read_arrow", FileFormat.ARROW);

  private final String name;
  private final FileFormat format;
  private final SluiceEngine engine;
  private final boolean pushdown;
  private final FileAccess access;
  private final List<FunctionParameter> parameters;

  /**
   * @param name the function's name
   * @param engine the engine
   * @param pushdown whether plans over the files push work into fragments
   * @param access which files statements may read
   */
  public FileTableMacro(String name, SluiceEngine engine, boolean pushdown, FileAccess access) {
    this.name = name;
    this.format = FUNCTIONS.get(name);
    this.engine = engine;
    this.pushdown = pushdown;
    this.access = access;
    List<FunctionParameter> list = new ArrayList<>();
    list.add(parameter(0, "path", SqlTypeName.VARCHAR, false));
    List<String> options =
        switch (format) {
          case CSV ->
              List.of(
                  "header",
                  "delimiter",
                  "quote",
                  "nullstr",
                  "timestamp_format",
                  "date_format",
                  "on_error");
          case JSON -> List.of("timestamp_format", "date_format", "on_error");
          default -> List.of();
        };
    for (String option : options) {
      list.add(
          parameter(
              list.size(),
              option,
              option.equals("header") ? SqlTypeName.BOOLEAN : SqlTypeName.VARCHAR,
              true));
    }
    this.parameters = List.copyOf(list);
  }

  private static FunctionParameter parameter(
      int ordinal, String name, SqlTypeName type, boolean optional) {
    return new FunctionParameter() {
      @Override
      public int getOrdinal() {
        return ordinal;
      }

      @Override
      public String getName() {
        return name;
      }

      @Override
      public RelDataType getType(RelDataTypeFactory typeFactory) {
        // A Java type: Calcite converts the literal argument to it for apply.
        return ((org.apache.calcite.adapter.java.JavaTypeFactory) typeFactory)
            .createType(type == SqlTypeName.BOOLEAN ? Boolean.class : String.class);
      }

      @Override
      public boolean isOptional() {
        return optional;
      }
    };
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return parameters;
  }

  @Override
  public TranslatableTable apply(List<? extends Object> arguments) {
    Object path = arguments.isEmpty() ? null : literal(arguments.get(0));
    if (!(path instanceof String text)) {
      throw new ConnectorException(
          name
              + " needs the path of the files as a string literal, e.g. "
              + name
              + "('data/*."
              + format.optionName()
              + "')");
    }
    Map<String, String> options = new LinkedHashMap<>();
    options.put("format", format.optionName());
    for (int i = 1; i < arguments.size() && i < parameters.size(); i++) {
      Object value = literal(arguments.get(i));
      if (value != null) {
        String option = parameters.get(i).getName();
        options.put(option.equals("nullstr") ? "null" : option, value.toString());
      }
    }
    // A query reads the columns it can; a column of a nested type is left out, with a notice.
    List<String> leftOut = new ArrayList<>();
    FileSource files =
        FileSource.describedBy(
            access.resolveInput(text), FileOptions.of(options), engine.allocator(), leftOut);
    leftOut.forEach(io.sluice.sql.Notices::add);
    return new FileTable(files, call(text, options), engine, pushdown);
  }

  /** A literal argument as Java: Calcite passes character literals as NlsStrings. */
  private static Object literal(Object value) {
    return value instanceof org.apache.calcite.util.NlsString nls ? nls.getValue() : value;
  }

  private String call(String path, Map<String, String> options) {
    StringBuilder call = new StringBuilder(name).append("('").append(path.replace("'", "''"));
    call.append('\'');
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (!option.getKey().equals("format")) {
        call.append(", ")
            .append(option.getKey().toLowerCase(Locale.ROOT))
            .append(" => '")
            .append(option.getValue().replace("'", "''"))
            .append('\'');
      }
    }
    return call.append(')').toString();
  }
}
