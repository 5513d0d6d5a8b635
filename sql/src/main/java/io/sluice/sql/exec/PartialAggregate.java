package io.sluice.sql.exec;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The shard half of an aggregation: group by some of the fragment's columns and compute one partial
 * result per call, which the coordinator then combines (COUNT by summing counts, SUM by summing
 * sums, MIN of minimums, wasm aggregates by merging their serialized states).
 *
 * @param groupKeys the fragment columns to group by
 * @param calls the partial aggregate calls, one output column each after the keys
 */
public record PartialAggregate(int[] groupKeys, List<Call> calls) {

  /** Kinds of partial aggregate calls. */
  public enum Kind {
    /** COUNT(*): rows per group. */
    COUNT_STAR,
    /** COUNT(x): non-null values per group. */
    COUNT,
    /** SUM(x): NULL for a group without values. */
    SUM,
    /** $SUM0(x): 0 for a group without values. */
    SUM0,
    /** MIN(x). */
    MIN,
    /** MAX(x). */
    MAX,
    /** A wasm aggregate: its serialized partial state. */
    WASM
  }

  /**
   * One partial aggregate call.
   *
   * @param kind what it computes
   * @param arguments the fragment columns it reads (none for COUNT(*))
   * @param outputType the type of its partial result
   * @param wasm the wasm aggregate, for {@link Kind#WASM}; otherwise null
   */
  public record Call(Kind kind, int[] arguments, ExprType outputType, WasmAggregateCall wasm) {
    @Override
    public String toString() {
      String name = kind == Kind.WASM ? wasm.name() : kind.name();
      if (kind == Kind.COUNT_STAR) {
        return "COUNT()";
      }
      return name
          + Arrays.stream(arguments)
              .mapToObj(a -> "$" + a)
              .collect(Collectors.joining(", ", "(", ")"));
    }
  }

  @Override
  public String toString() {
    return "group="
        + Arrays.toString(groupKeys)
        + ", partial="
        + calls.stream().map(Call::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
