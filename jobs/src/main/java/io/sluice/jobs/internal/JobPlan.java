package io.sluice.jobs.internal;

import io.sluice.wasidata.FunctionDescriptor;
import io.sluice.wasidata.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A job's functions checked against each other and against its input, and the schemas they give:
 *
 * <ul>
 *   <li>map: a TABLE function of two output columns, key then value; its arguments are input
 *       columns, by name (or by position when the input has exactly as many columns);
 *   <li>reduce: an AGGREGATE of one argument of the value's type; the output is (key, result);
 *   <li>combine, optional: the reduce function itself (same module and signature), whose serialized
 *       partial states are shuffled and merged; or another AGGREGATE of the value's type returning
 *       the value's type, whose results are shuffled as values.
 * </ul>
 *
 * <p>Every refusal is an {@link IllegalArgumentException} naming the function as the user gave it.
 *
 * @param inputColumns the input columns the map reads, in the order of its arguments
 * @param keyField the key: the map's first output column
 * @param valueField the value: the map's second output column
 * @param combine how values are combined on the shards
 * @param shuffleSchema the shuffle's rows: key, then the value or the partial state
 * @param outputSchema the output's rows: key, then the reduce result
 */
public record JobPlan(
    List<String> inputColumns,
    Field keyField,
    Field valueField,
    Combine combine,
    Schema shuffleSchema,
    Schema outputSchema) {

  /** What runs on the shards before the shuffle. */
  public enum Combine {
    /** Nothing: every map row is shuffled. */
    NONE,
    /** The reducer's own partial states, serialized: the ABI's partial aggregation. */
    PARTIAL_STATES,
    /** Another aggregate whose finished results are shuffled as values. */
    VALUES
  }

  /** Name of the shuffle's column of serialized partial states. */
  public static final String STATE_COLUMN = "$state";

  /**
   * @param input the input's columns
   * @param map the map function
   * @param combine the combine function, or null
   * @param reduce the reduce function
   * @return the plan
   * @throws IllegalArgumentException if the functions do not fit each other or the input
   */
  public static JobPlan of(
      Schema input, ResolvedFunction map, ResolvedFunction combine, ResolvedFunction reduce) {
    FunctionDescriptor m = map.descriptor();
    require(m.kind() == FunctionDescriptor.Kind.TABLE, map, "must be a TABLE function", m);
    require(
        m.columns().size() == 2, map, "must return exactly two columns, TABLE(key K, value V)", m);
    SqlType keyType = m.columns().get(0).type();
    SqlType valueType = m.columns().get(1).type();
    Field key = keyType.field(m.columns().get(0).name());
    Field value = valueType.field(m.columns().get(1).name());

    FunctionDescriptor r = reduce.descriptor();
    requireAggregateOf(reduce, valueType, m);
    Combine mode = Combine.NONE;
    if (combine != null) {
      requireAggregateOf(combine, valueType, m);
      if (combine.sameCodeAs(reduce)) {
        mode = Combine.PARTIAL_STATES;
      } else {
        require(
            combine.descriptor().resultType().equals(valueType),
            combine,
            "must return the map's value type "
                + valueType
                + " (its results are shuffled as values), or be the reduce function itself (then"
                + " its partial states are)",
            combine.descriptor());
        mode = Combine.VALUES;
      }
    }
    Field shuffled = mode == Combine.PARTIAL_STATES ? SqlType.VARBINARY.field(STATE_COLUMN) : value;
    String resultName = r.name().equalsIgnoreCase(key.getName()) ? r.name() + "_value" : r.name();
    Field result = r.resultType().field(resultName.toLowerCase(Locale.ROOT));
    return new JobPlan(
        bindArguments(input, map),
        key,
        value,
        mode,
        new Schema(List.of(key, shuffled)),
        new Schema(List.of(key, result)));
  }

  private static void requireAggregateOf(
      ResolvedFunction f, SqlType valueType, FunctionDescriptor map) {
    FunctionDescriptor d = f.descriptor();
    require(d.kind() == FunctionDescriptor.Kind.AGGREGATE, f, "must be an AGGREGATE", d);
    require(
        d.arguments().size() == 1 && d.arguments().get(0).type().equals(valueType),
        f,
        "must take one argument of the map's value type "
            + valueType
            + " ("
            + map.name()
            + " returns "
            + describeColumns(map)
            + ")",
        d);
  }

  /** Binds the map's arguments to input columns: by name first, else by position. */
  private static List<String> bindArguments(Schema input, ResolvedFunction map) {
    FunctionDescriptor m = map.descriptor();
    List<Field> fields = input.getFields();
    List<String> byName = new ArrayList<>();
    for (FunctionDescriptor.Argument argument : m.arguments()) {
      Field match = null;
      if (argument.name() != null) {
        for (Field field : fields) {
          if (field.getName().equalsIgnoreCase(argument.name())) {
            match = field;
          }
        }
      }
      if (match == null) {
        byName = null;
        break;
      }
      requireType(map, argument, match);
      byName.add(match.getName());
    }
    if (byName != null) {
      return byName;
    }
    if (fields.size() == m.arguments().size()) {
      List<String> byPosition = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        requireType(map, m.arguments().get(i), fields.get(i));
        byPosition.add(fields.get(i).getName());
      }
      return byPosition;
    }
    throw new IllegalArgumentException(
        map.label()
            + ": "
            + m.name()
            + " takes ("
            + m.arguments().stream()
                .map(a -> (a.name() == null ? "" : a.name() + " ") + a.type())
                .collect(Collectors.joining(", "))
            + "), but the input has columns ("
            + describe(input)
            + "): name the input columns after the arguments, or give a query selecting exactly"
            + " the arguments");
  }

  private static void requireType(
      ResolvedFunction map, FunctionDescriptor.Argument argument, Field column) {
    ArrowType wanted = argument.type().arrowType();
    if (!wanted.equals(column.getType())) {
      throw new IllegalArgumentException(
          map.label()
              + ": argument "
              + (argument.name() == null ? "" : argument.name() + " ")
              + "is "
              + argument.type()
              + " but input column "
              + column.getName()
              + " is "
              + io.sluice.storage.ColumnType.describe(column.getType())
              + "; cast it in a query input");
    }
  }

  private static void require(
      boolean condition, ResolvedFunction f, String what, FunctionDescriptor d) {
    if (!condition) {
      throw new IllegalArgumentException(
          f.label() + ": the " + f.role() + " function " + what + "; it is " + signature(d));
    }
  }

  /** A function's SQL signature, as SHOW FUNCTIONS prints it, with its kind first. */
  static String signature(FunctionDescriptor d) {
    String arguments =
        d.arguments().stream()
            .map(a -> (a.name() == null ? "" : a.name() + " ") + a.type())
            .collect(Collectors.joining(", "));
    String result =
        d.kind() == FunctionDescriptor.Kind.TABLE ? describeColumns(d) : d.resultType().toString();
    return d.kind() + " " + d.name() + "(" + arguments + ") RETURNS " + result;
  }

  private static String describeColumns(FunctionDescriptor map) {
    return "TABLE("
        + map.columns().stream()
            .map(c -> c.name() + " " + c.type())
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static String describe(Schema schema) {
    return schema.getFields().stream()
        .map(f -> f.getName() + " " + io.sluice.storage.ColumnType.describe(f.getType()))
        .collect(Collectors.joining(", "));
  }

  /**
   * @return the key's column name
   */
  public String keyColumn() {
    return keyField.getName();
  }

  /**
   * @return the output's value column
   */
  public Field resultField() {
    return outputSchema.getFields().get(1);
  }

  /**
   * @return the shuffle's second column: value or partial state
   */
  public Field shuffledField() {
    return shuffleSchema.getFields().get(1);
  }
}
