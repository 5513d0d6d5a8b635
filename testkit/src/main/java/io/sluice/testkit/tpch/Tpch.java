package io.sluice.testkit.tpch;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TPC-H tables and queries, as every engine in a comparison sees them.
 *
 * <p>The data comes from {@code io.trino.tpch}'s generator (the reference dbgen's algorithms) and
 * is written once to {@code '|'}-delimited files with a header line, so each engine loads the very
 * same bytes with its own loader. Column types follow the generator's: identifiers {@code BIGINT},
 * counts {@code INTEGER}, money and quantities {@code DOUBLE}, dates {@code DATE}, text {@code
 * VARCHAR}.
 *
 * <p>The queries are the generator's validation texts with their parameters already substituted,
 * moved to standard SQL where they use a dialect's spelling: {@code substr(s, a, b)} becomes {@code
 * SUBSTRING(s FROM a FOR b)}, {@code date('...')} a date literal, Q15's view a {@code WITH} clause,
 * and Q11's column {@code value}, a reserved word in standard SQL, is quoted.
 */
public final class Tpch {
  /** The tables, smallest first. */
  public static final List<String> TABLES =
      List.of("region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem");

  /** The number of queries. */
  public static final int QUERIES = 22;

  private static final Pattern VIEW =
      Pattern.compile(
          "CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+(\\w+)\\s+AS\\s+(.*?);(.*)",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern SUBSTR =
      Pattern.compile("substr\\(\\s*(\\w+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
  private static final Pattern RESERVED_ALIAS = Pattern.compile("\\b(value)\\b");
  private static final Pattern DATE_CALL = Pattern.compile("date\\('([0-9-]+)'\\)");

  private Tpch() {}

  /**
   * Generates every table at a scale factor into a directory, one {@code <table>.csv} file each
   * ({@code |}-delimited, with a header).
   *
   * @param scale the scale factor (1 is about 8.7M rows, 1 GB)
   * @param directory where the files go; created if missing
   * @return each table's file, smallest table first
   */
  public static Map<String, Path> writeFiles(double scale, Path directory) {
    Map<String, Path> files = new LinkedHashMap<>();
    try {
      Files.createDirectories(directory);
      for (String name : TABLES) {
        Path file = directory.resolve(name + ".csv");
        write(TpchTable.getTable(name), scale, file);
        files.put(name, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static <E extends TpchEntity> void write(TpchTable<E> table, double scale, Path file)
      throws IOException {
    List<TpchColumn<E>> columns = table.getColumns();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int c = 0; c < columns.size(); c++) {
        out.write(c == 0 ? "" : "|");
        out.write(columns.get(c).getColumnName());
      }
      out.write('\n');
      StringBuilder line = new StringBuilder(256);
      for (E row : table.createGenerator(scale, 1, 1)) {
        line.setLength(0);
        for (int c = 0; c < columns.size(); c++) {
          if (c > 0) {
            line.append('|');
          }
          append(line, columns.get(c), row);
        }
        line.append('\n');
        out.append(line);
      }
    }
  }

  private static <E extends TpchEntity> void append(
      StringBuilder line, TpchColumn<E> column, E row) {
    switch (column.getType().getBase()) {
      case IDENTIFIER -> line.append(column.getIdentifier(row));
      case INTEGER -> line.append(column.getInteger(row));
      case DATE -> line.append(LocalDate.ofEpochDay(column.getDate(row)));
      case DOUBLE -> appendCents(line, column.getDouble(row));
      case VARCHAR -> {
        String text = column.getString(row);
        if (text.indexOf('|') >= 0 || text.indexOf('\n') >= 0) {
          throw new IllegalStateException(column.getColumnName() + " holds a delimiter: " + text);
        }
        line.append(text);
      }
    }
  }

  /** TPC-H's doubles are exact in cents; written as such, never in exponent notation. */
  private static void appendCents(StringBuilder line, double value) {
    long cents = Math.round(value * 100);
    if (cents < 0) {
      line.append('-');
      cents = -cents;
    }
    line.append(cents / 100).append('.');
    long fraction = cents % 100;
    if (fraction < 10) {
      line.append('0');
    }
    line.append(fraction);
  }

  /**
   * A table's {@code CREATE TABLE} statement.
   *
   * @param name the table
   * @param suffix what follows the column list (an engine's distribution or storage clauses), or
   *     the empty string
   * @return the statement
   */
  public static String createTable(String name, String suffix) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(name).append(" (");
    List<? extends TpchColumn<?>> columns = TpchTable.getTable(name).getColumns();
    for (int c = 0; c < columns.size(); c++) {
      TpchColumn<?> column = columns.get(c);
      ddl.append(c == 0 ? "" : ", ").append(column.getColumnName()).append(' ');
      ddl.append(
          switch (column.getType().getBase()) {
            case IDENTIFIER -> "BIGINT";
            case INTEGER -> "INTEGER";
            case DATE -> "DATE";
            case DOUBLE -> "DOUBLE";
            case VARCHAR -> "VARCHAR";
          });
    }
    return ddl.append(')').append(suffix.isEmpty() ? "" : " " + suffix).toString();
  }

  /**
   * The first column of a table, its key in TPC-H (or the first half of it).
   *
   * @param name the table
   * @return the column's name
   */
  public static String keyColumn(String name) {
    return TpchTable.getTable(name).getColumns().get(0).getColumnName();
  }

  /**
   * The text of one query, in standard SQL.
   *
   * @param number 1 to 22
   * @return the statement, without a trailing semicolon
   */
  public static String query(int number) {
    if (number < 1 || number > QUERIES) {
      throw new IllegalArgumentException("TPC-H has queries 1 to 22, not " + number);
    }
    String resource = "/io/trino/tpch/queries/q" + number + ".sql";
    String text;
    try (InputStream in = TpchTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the tpch library");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return standardize(text);
  }

  static String standardize(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("--")) {
        lines.add(line);
      }
    }
    String sql = String.join("\n", lines).strip();
    Matcher view = VIEW.matcher(sql);
    if (view.matches()) {
      sql = "WITH " + view.group(1) + " AS (" + view.group(2).strip() + ")\n" + view.group(3);
    }
    sql = SUBSTR.matcher(sql).replaceAll("SUBSTRING($1 FROM $2 FOR $3)");
    sql = DATE_CALL.matcher(sql).replaceAll("DATE '$1'");
    sql = RESERVED_ALIAS.matcher(sql).replaceAll("\"$1\"");
    sql = sql.strip();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).strip();
    }
    return sql;
  }

  /**
   * Whether to compare a query's rows in order: true for every query with an ORDER BY. TPC-H's
   * orders leave no ties among the rows a LIMIT keeps, except between equal money sums, which the
   * generated data does not produce.
   *
   * @param sql the statement
   * @return whether it has an ORDER BY
   */
  public static boolean ordered(String sql) {
    return sql.toUpperCase(Locale.ROOT).contains("ORDER BY");
  }
}
