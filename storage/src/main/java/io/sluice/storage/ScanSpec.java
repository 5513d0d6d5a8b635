package io.sluice.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a scan reads: which columns, which rows (a conjunction of {@link Predicate}s), which shards,
 * and whether rows are filtered exactly or chunks only pruned. Immutable.
 *
 * <p>Predicates always prune chunks by their statistics. With {@link #filterRows()} true (the
 * default) the rows of surviving chunks are also filtered, so every returned row satisfies every
 * predicate; with false, surviving chunks come back whole and the caller filters.
 */
public final class ScanSpec {

  private static final ScanSpec ALL = new ScanSpec(null, List.of(), null, true);

  private final List<String> columns;
  private final List<Predicate> predicates;
  private final List<Integer> shards;
  private final boolean filterRows;

  private ScanSpec(
      List<String> columns, List<Predicate> predicates, List<Integer> shards, boolean filterRows) {
    this.columns = columns == null ? null : List.copyOf(columns);
    this.predicates = List.copyOf(predicates);
    this.shards = shards == null ? null : List.copyOf(shards);
    this.filterRows = filterRows;
  }

  /**
   * @return a spec reading every column of every row of every shard
   */
  public static ScanSpec all() {
    return ALL;
  }

  /**
   * @return a builder starting from {@link #all()}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the projected column names in output order, or empty for every column
   */
  public Optional<List<String>> columns() {
    return Optional.ofNullable(columns);
  }

  /**
   * @return the predicates, all of which a row must satisfy
   */
  public List<Predicate> predicates() {
    return predicates;
  }

  /**
   * @return the shards to scan, or empty for all of them
   */
  public Optional<List<Integer>> shards() {
    return Optional.ofNullable(shards);
  }

  /**
   * @return whether rows of surviving chunks are filtered exactly
   */
  public boolean filterRows() {
    return filterRows;
  }

  @Override
  public String toString() {
    return "ScanSpec{columns="
        + (columns == null ? "*" : columns)
        + ", predicates="
        + predicates
        + ", shards="
        + (shards == null ? "all" : shards)
        + ", filterRows="
        + filterRows
        + "}";
  }

  /** Collects the parts of a {@link ScanSpec}. */
  public static final class Builder {
    private List<String> columns;
    private final List<Predicate> predicates = new ArrayList<>();
    private List<Integer> shards;
    private boolean filterRows = true;

    private Builder() {}

    /**
     * @param names the columns to return, in this order
     * @return this builder
     */
    public Builder columns(String... names) {
      return columns(Arrays.asList(names));
    }

    /**
     * @param names the columns to return, in this order
     * @return this builder
     */
    public Builder columns(List<String> names) {
      this.columns = new ArrayList<>(names);
      return this;
    }

    /**
     * @param conditions predicates added to the conjunction
     * @return this builder
     */
    public Builder where(Predicate... conditions) {
      predicates.addAll(Arrays.asList(conditions));
      return this;
    }

    /**
     * @param ids the shards to scan
     * @return this builder
     */
    public Builder shards(int... ids) {
      this.shards = new ArrayList<>();
      for (int id : ids) {
        shards.add(id);
      }
      return this;
    }

    /**
     * @param value whether to filter rows exactly (true) or only prune chunks (false)
     * @return this builder
     */
    public Builder filterRows(boolean value) {
      this.filterRows = value;
      return this;
    }

    /**
     * @return the spec
     */
    public ScanSpec build() {
      return new ScanSpec(columns, predicates, shards, filterRows);
    }
  }
}
