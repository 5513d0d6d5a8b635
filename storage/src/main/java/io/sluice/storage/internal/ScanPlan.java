package io.sluice.storage.internal;

import io.sluice.storage.Predicate;
import io.sluice.storage.ScanSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link ScanSpec} bound to a table: which columns to read (the projection, plus the predicate
 * columns when rows are filtered), where each output column sits among them, the bound predicates
 * and the shards.
 */
public final class ScanPlan {

  private final TableState table;
  private final int[] readColumns;
  private final int[] outputPositions;
  private final Schema readSchema;
  private final Schema outputSchema;
  private final BoundPredicate[] predicates;
  private final int[] predicatePositions;
  private final List<Integer> shards;
  private final boolean filterRows;

  private ScanPlan(TableState table, ScanSpec spec) {
    this.table = table;
    List<Field> fields = table.definition().schema().getFields();
    Map<String, Integer> ordinals = new java.util.HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      ordinals.put(fields.get(i).getName(), i);
    }
    List<String> names =
        spec.columns().orElse(fields.stream().map(Field::getName).collect(Collectors.toList()));
    int[] output = new int[names.size()];
    for (int i = 0; i < output.length; i++) {
      output[i] = ordinal(ordinals, names.get(i));
    }
    List<Predicate> conditions = spec.predicates();
    predicates = new BoundPredicate[conditions.size()];
    for (int i = 0; i < predicates.length; i++) {
      int column = ordinal(ordinals, conditions.get(i).column());
      predicates[i] = new BoundPredicate(conditions.get(i), column, table.type(column));
    }
    filterRows = spec.filterRows() && predicates.length > 0;
    TreeSet<Integer> read = new TreeSet<>();
    for (int column : output) {
      read.add(column);
    }
    if (filterRows) {
      for (BoundPredicate predicate : predicates) {
        read.add(predicate.column());
      }
    }
    readColumns = read.stream().mapToInt(Integer::intValue).toArray();
    List<Integer> readList = new ArrayList<>(read);
    outputPositions = new int[output.length];
    List<Field> outputFields = new ArrayList<>();
    for (int i = 0; i < output.length; i++) {
      outputPositions[i] = readList.indexOf(output[i]);
      outputFields.add(fields.get(output[i]));
    }
    predicatePositions = new int[predicates.length];
    for (int i = 0; i < predicates.length; i++) {
      predicatePositions[i] = readList.indexOf(predicates[i].column());
    }
    readSchema = new Schema(readList.stream().map(fields::get).collect(Collectors.toList()));
    outputSchema = new Schema(outputFields);
    shards = shards(spec, table.definition().shardCount());
  }

  /**
   * @param table the table
   * @param spec the scan
   * @return the plan
   * @throws IllegalArgumentException if the spec names an unknown column or shard, or a literal
   *     does not fit its column
   */
  public static ScanPlan bind(TableState table, ScanSpec spec) {
    return new ScanPlan(table, spec);
  }

  private int ordinal(Map<String, Integer> ordinals, String name) {
    Integer ordinal = ordinals.get(name);
    if (ordinal == null) {
      throw new IllegalArgumentException(
          "table '"
              + table.name()
              + "' has no column '"
              + name
              + "' (it has "
              + ordinals.keySet()
              + ")");
    }
    return ordinal;
  }

  private List<Integer> shards(ScanSpec spec, int shardCount) {
    if (spec.shards().isEmpty()) {
      List<Integer> all = new ArrayList<>();
      for (int shard = 0; shard < shardCount; shard++) {
        all.add(shard);
      }
      return all;
    }
    List<Integer> chosen = new ArrayList<>(new TreeSet<>(spec.shards().get()));
    for (int shard : chosen) {
      if (shard < 0 || shard >= shardCount) {
        throw new IllegalArgumentException(
            "table '" + table.name() + "' has shards 0 to " + (shardCount - 1) + ", not " + shard);
      }
    }
    return chosen;
  }

  /**
   * @return the shards to scan
   */
  public List<Integer> shards() {
    return shards;
  }

  /**
   * @return the table
   */
  public TableState table() {
    return table;
  }

  int[] readColumns() {
    return readColumns;
  }

  Schema readSchema() {
    return readSchema;
  }

  /**
   * @return the schema of the batches the scan returns
   */
  public Schema outputSchema() {
    return outputSchema;
  }

  /**
   * @param header a chunk header
   * @return false if the statistics prove no row of the chunk matches every predicate
   */
  boolean mayMatch(ChunkHeader header) {
    for (BoundPredicate predicate : predicates) {
      if (!predicate.mayMatch(header.statistics()[predicate.column()], header.rowCount())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Filters and projects a chunk that was read.
   *
   * @param read the chunk's read columns; consumed
   * @param allocator where filtered vectors are allocated
   * @return the output batch, or null if no row is left
   */
  VectorSchemaRoot finish(VectorSchemaRoot read, BufferAllocator allocator) {
    try {
      if (!filterRows) {
        return RowSelection.project(read, outputPositions, outputSchema);
      }
      int rows = read.getRowCount();
      int[] selected = new int[rows];
      int count = 0;
      for (int row = 0; row < rows; row++) {
        if (matchesAll(read, row)) {
          selected[count++] = row;
        }
      }
      if (count == 0) {
        return null;
      }
      if (count == rows) {
        return RowSelection.project(read, outputPositions, outputSchema);
      }
      return RowSelection.copy(read, outputPositions, outputSchema, selected, count, allocator);
    } finally {
      read.close();
    }
  }

  private boolean matchesAll(VectorSchemaRoot read, int row) {
    for (int i = 0; i < predicates.length; i++) {
      if (!predicates[i].matches(read.getVector(predicatePositions[i]), row)) {
        return false;
      }
    }
    return true;
  }
}
