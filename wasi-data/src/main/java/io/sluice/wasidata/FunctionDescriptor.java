package io.sluice.wasidata;

import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One SQL function of a guest module: its kind, SQL signature, calling convention and export, as
 * one line of the {@code sluice_v1.functions} section describes it (ABI.md section 2). Immutable;
 * {@link #toString()} prints the canonical line, which {@link FunctionDescriptors#parse(String)}
 * reads back to an equal descriptor.
 */
public final class FunctionDescriptor {

  /** What the function maps a batch to. */
  public enum Kind {
    /** One output value per input row. */
    SCALAR,
    /** Zero or more output rows per input row. */
    TABLE,
    /** Partial states folded over rows, merged, then finished (ABI.md section 5.4). */
    AGGREGATE
  }

  /** The calling convention. */
  public enum Abi {
    /** The host calls the export once per row with plain wasm values (section 6). */
    ROW,
    /** The host calls the export once per batch through the Arrow C Data Interface (section 5). */
    BATCH
  }

  /** How the function treats NULL arguments. */
  public enum Nulls {
    /** A NULL argument yields NULL; the host enforces it (the default on the row ABI). */
    STRICT,
    /** The function sees NULL arguments and decides (the default on the batch ABI). */
    CALLED
  }

  /**
   * One argument.
   *
   * @param name the argument's name, or null when the descriptor gives none
   * @param type its SQL type
   */
  public record Argument(String name, SqlType type) {
    /** Checks the name's syntax and that the type is present. */
    public Argument {
      Objects.requireNonNull(type, "type");
      if (name != null) {
        requireName(name, "argument name");
      }
    }
  }

  /**
   * One output column of a table function.
   *
   * @param name the column's name
   * @param type its SQL type
   */
  public record Column(String name, SqlType type) {
    /** Checks the name's syntax and that the type is present. */
    public Column {
      requireName(name, "column name");
      Objects.requireNonNull(type, "type");
    }
  }

  private final Kind kind;
  private final String name;
  private final List<Argument> arguments;
  private final SqlType resultType;
  private final List<Column> columns;
  private final Abi abi;
  private final String exportName;
  private final Nulls nulls;
  private final boolean deterministic;

  private FunctionDescriptor(Builder b) {
    this.kind = Objects.requireNonNull(b.kind, "kind");
    this.name = requireName(b.name, "function name");
    this.arguments = List.copyOf(b.arguments);
    this.resultType = b.resultType;
    this.columns = List.copyOf(b.columns);
    this.abi = b.abi;
    this.exportName = b.exportName != null ? requireSymbol(b.exportName) : b.name;
    this.nulls = b.nulls != null ? b.nulls : (abi == Abi.ROW ? Nulls.STRICT : Nulls.CALLED);
    this.deterministic = b.deterministic;
    validate();
  }

  private void validate() {
    if (arguments.size() > AbiV1.MAX_ARGS) {
      throw new IllegalArgumentException(
          name + " has " + arguments.size() + " arguments; at most " + AbiV1.MAX_ARGS + " allowed");
    }
    requireDistinct(arguments.stream().map(Argument::name).toList(), "argument");
    if (kind == Kind.TABLE) {
      if (columns.isEmpty() || resultType != null) {
        throw new IllegalArgumentException(
            "TABLE function " + name + " must return TABLE(column TYPE, ...)");
      }
      if (columns.size() > AbiV1.MAX_ARGS) {
        throw new IllegalArgumentException(
            name + " returns " + columns.size() + " columns; at most " + AbiV1.MAX_ARGS);
      }
      requireDistinct(columns.stream().map(Column::name).toList(), "column");
    } else if (resultType == null || !columns.isEmpty()) {
      throw new IllegalArgumentException(
          kind + " function " + name + " must return one SQL type, not a TABLE");
    }
    if (abi == Abi.ROW) {
      if (kind != Kind.SCALAR) {
        throw new IllegalArgumentException(
            kind + " function " + name + " cannot use ABI ROW: only SCALAR functions can");
      }
      for (Argument a : arguments) {
        requireRowCompatible(a.type());
      }
      requireRowCompatible(resultType);
    }
  }

  private void requireRowCompatible(SqlType type) {
    if (!type.isRowCompatible()) {
      throw new IllegalArgumentException(
          name + " uses " + type + " on ABI ROW, where DECIMAL has at most 18 digits");
    }
  }

  private static void requireDistinct(List<String> names, String what) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (n != null && !seen.add(n.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(what + " name " + n + " appears twice");
      }
    }
  }

  /**
   * @param kind SCALAR, TABLE or AGGREGATE
   * @param name the SQL name, {@code (ALPHA / "_") *(ALPHA / DIGIT / "_")}
   * @return a builder with the ABI defaults: BATCH, export = name, NULLS by ABI, DETERMINISTIC
   */
  public static Builder builder(Kind kind, String name) {
    return new Builder(kind, name);
  }

  /**
   * @return SCALAR, TABLE or AGGREGATE
   */
  public Kind kind() {
    return kind;
  }

  /**
   * @return the SQL name as written
   */
  public String name() {
    return name;
  }

  /**
   * @return the arguments, in order
   */
  public List<Argument> arguments() {
    return arguments;
  }

  /**
   * @return the argument types, in order
   */
  public List<SqlType> argumentTypes() {
    return arguments.stream().map(Argument::type).toList();
  }

  /**
   * @param index an argument index, from 0
   * @return the argument's name, or {@code arg1}, {@code arg2}... when unnamed (ABI.md 5.1)
   */
  public String argumentName(int index) {
    String n = arguments.get(index).name();
    return n != null ? n : "arg" + (index + 1);
  }

  /**
   * @return the result type of a SCALAR or AGGREGATE; null for a TABLE function
   */
  public SqlType resultType() {
    return resultType;
  }

  /**
   * @return the output columns of a TABLE function; empty for the other kinds
   */
  public List<Column> columns() {
    return columns;
  }

  /**
   * @return ROW or BATCH
   */
  public Abi abi() {
    return abi;
  }

  /**
   * @return the wasm export (for an aggregate, the prefix of its seven exports)
   */
  public String exportName() {
    return exportName;
  }

  /**
   * @return STRICT or CALLED
   */
  public Nulls nulls() {
    return nulls;
  }

  /**
   * @return whether equal arguments always give equal results
   */
  public boolean deterministic() {
    return deterministic;
  }

  /**
   * The wasm exports this function needs, each with the type ABI.md sections 5 and 6 prescribe.
   *
   * @return export name to expected function type, in a stable order
   */
  public Map<String, FunctionType> expectedExports() {
    return WasmSignatures.exportsOf(this);
  }

  /**
   * @return the canonical descriptor line, every clause spelled out, e.g. {@code SCALAR f(x DOUBLE)
   *     RETURNS DOUBLE ABI ROW EXPORT f NULLS STRICT DETERMINISTIC}
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(kind).append(' ').append(name).append('(');
    for (int i = 0; i < arguments.size(); i++) {
      Argument a = arguments.get(i);
      s.append(i == 0 ? "" : ", ").append(a.name() == null ? "" : a.name() + " ").append(a.type());
    }
    s.append(") RETURNS ");
    if (kind == Kind.TABLE) {
      s.append("TABLE(");
      for (int i = 0; i < columns.size(); i++) {
        Column c = columns.get(i);
        s.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.type());
      }
      s.append(')');
    } else {
      s.append(resultType);
    }
    return s.append(" ABI ")
        .append(abi)
        .append(" EXPORT ")
        .append(exportName)
        .append(" NULLS ")
        .append(nulls)
        .append(deterministic ? " DETERMINISTIC" : " NONDETERMINISTIC")
        .toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FunctionDescriptor)) {
      return false;
    }
    FunctionDescriptor f = (FunctionDescriptor) o;
    return kind == f.kind
        && name.equals(f.name)
        && arguments.equals(f.arguments)
        && Objects.equals(resultType, f.resultType)
        && columns.equals(f.columns)
        && abi == f.abi
        && exportName.equals(f.exportName)
        && nulls == f.nulls
        && deterministic == f.deterministic;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind, name, arguments, resultType, columns, abi, exportName, nulls, deterministic);
  }

  private static String requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    boolean valid = !name.isEmpty() && !Character.isDigit(name.charAt(0));
    for (int i = 0; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      valid =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (!valid) {
      throw new IllegalArgumentException(
          what + " '" + name + "' must be a letter or _ followed by letters, digits or _");
    }
    return name;
  }

  private static String requireSymbol(String symbol) {
    boolean valid = !symbol.isEmpty();
    for (int i = 0; valid && i < symbol.length(); i++) {
      char c = symbol.charAt(i);
      valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == '$'
              || c == '-';
    }
    if (!valid) {
      throw new IllegalArgumentException(
          "export symbol '" + symbol + "' must be letters, digits, _ . $ or -");
    }
    return symbol;
  }

  /** Collects the parts of a descriptor; {@link #build()} checks them together. */
  public static final class Builder {
    private final Kind kind;
    private final String name;
    private final List<Argument> arguments = new ArrayList<>();
    private SqlType resultType;
    private final List<Column> columns = new ArrayList<>();
    private Abi abi = Abi.BATCH;
    private String exportName;
    private Nulls nulls;
    private boolean deterministic = true;

    private Builder(Kind kind, String name) {
      this.kind = kind;
      this.name = name;
    }

    /**
     * @param argumentName the name, or null for an unnamed argument
     * @param type its type
     * @return this builder
     */
    public Builder argument(String argumentName, SqlType type) {
      arguments.add(new Argument(argumentName, type));
      return this;
    }

    /**
     * @param type the result type of a SCALAR or AGGREGATE
     * @return this builder
     */
    public Builder returns(SqlType type) {
      this.resultType = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * @param columnName a TABLE function's output column name
     * @param type its type
     * @return this builder
     */
    public Builder column(String columnName, SqlType type) {
      columns.add(new Column(columnName, type));
      return this;
    }

    /**
     * @param value ROW or BATCH (default BATCH)
     * @return this builder
     */
    public Builder abi(Abi value) {
      this.abi = Objects.requireNonNull(value, "abi");
      return this;
    }

    /**
     * @param symbol the wasm export (default: the function name)
     * @return this builder
     */
    public Builder exportName(String symbol) {
      this.exportName = Objects.requireNonNull(symbol, "symbol");
      return this;
    }

    /**
     * @param value STRICT or CALLED (default STRICT on ABI ROW, CALLED on ABI BATCH)
     * @return this builder
     */
    public Builder nulls(Nulls value) {
      this.nulls = Objects.requireNonNull(value, "nulls");
      return this;
    }

    /**
     * @param value whether the function is deterministic (default true)
     * @return this builder
     */
    public Builder deterministic(boolean value) {
      this.deterministic = value;
      return this;
    }

    /**
     * @return the descriptor
     * @throws IllegalArgumentException when the parts do not make a valid v1 function
     */
    public FunctionDescriptor build() {
      return new FunctionDescriptor(this);
    }
  }
}
