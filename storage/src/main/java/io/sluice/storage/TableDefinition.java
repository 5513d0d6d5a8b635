package io.sluice.storage;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a table is: its name, Arrow schema, shard count, distribution key, chunk size and
 * compression. Immutable; build one with {@link #builder(String, Schema)}.
 *
 * @param name the table name, 1 to 255 characters, no control characters
 * @param schema the columns, each of a {@link ColumnType}
 * @param shardCount how many shards rows are spread over, 1 to {@value #MAX_SHARDS}
 * @param distributionKey the column whose hash picks a row's shard, or null for round-robin
 * @param chunkRows the most rows in one chunk, 1 to {@value #MAX_CHUNK_ROWS}
 * @param compression how column chunks are compressed
 */
public record TableDefinition(
    String name,
    Schema schema,
    int shardCount,
    String distributionKey,
    int chunkRows,
    Compression compression) {

  /** Default rows per chunk. */
  public static final int DEFAULT_CHUNK_ROWS = 65_536;

  /** Most rows per chunk: keeps one column value well under RocksDB's comfortable value sizes. */
  public static final int MAX_CHUNK_ROWS = 1 << 20;

  /** Most shards per table. */
  public static final int MAX_SHARDS = 4096;

  /**
   * @throws IllegalArgumentException if a field is out of range or the distribution key is unknown
   * @throws UnsupportedTypeException naming the table and column if a column has a type Sluice does
   *     not store
   */
  public TableDefinition {
    checkName(name);
    if (schema == null || schema.getFields().isEmpty()) {
      throw new IllegalArgumentException("table '" + name + "' needs at least one column");
    }
    Set<String> seen = new HashSet<>();
    for (Field field : schema.getFields()) {
      if (field.getName() == null || field.getName().isEmpty()) {
        throw new IllegalArgumentException("table '" + name + "' has a column without a name");
      }
      if (!seen.add(field.getName())) {
        throw new IllegalArgumentException(
            "table '" + name + "' has two columns named '" + field.getName() + "'");
      }
      try {
        ColumnType.of(field);
      } catch (UnsupportedTypeException e) {
        throw new UnsupportedTypeException(name, e);
      }
    }
    if (shardCount < 1 || shardCount > MAX_SHARDS) {
      throw new IllegalArgumentException(
          "table '" + name + "': shard count must be 1 to " + MAX_SHARDS + ", got " + shardCount);
    }
    if (distributionKey != null && !seen.contains(distributionKey)) {
      throw new IllegalArgumentException(
          "table '" + name + "': distribution key '" + distributionKey + "' is not a column");
    }
    if (chunkRows < 1 || chunkRows > MAX_CHUNK_ROWS) {
      throw new IllegalArgumentException(
          "table '" + name + "': chunk rows must be 1 to " + MAX_CHUNK_ROWS + ", got " + chunkRows);
    }
    if (compression == null) {
      throw new IllegalArgumentException("table '" + name + "': compression must not be null");
    }
  }

  /**
   * @param name the table name
   * @param schema the columns
   * @return a builder with one shard, round-robin distribution, default chunk size, no compression
   */
  public static Builder builder(String name, Schema schema) {
    return new Builder(name, schema);
  }

  /**
   * @return the distribution key column, or empty for round-robin distribution
   */
  public Optional<String> distributionColumn() {
    return Optional.ofNullable(distributionKey);
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.length() > 255) {
      throw new IllegalArgumentException("a table name must have 1 to 255 characters: " + name);
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new IllegalArgumentException("a table name must not hold control characters");
      }
    }
  }

  /** Collects the optional parts of a {@link TableDefinition}. */
  public static final class Builder {
    private final String name;
    private final Schema schema;
    private int shardCount = 1;
    private String distributionKey;
    private int chunkRows = DEFAULT_CHUNK_ROWS;
    private Compression compression = Compression.NONE;

    private Builder(String name, Schema schema) {
      this.name = name;
      this.schema = schema;
    }

    /**
     * @param value number of shards
     * @return this builder
     */
    public Builder shards(int value) {
      this.shardCount = value;
      return this;
    }

    /**
     * @param column the column whose hash picks a row's shard; null for round-robin
     * @return this builder
     */
    public Builder distributedBy(String column) {
      this.distributionKey = column;
      return this;
    }

    /**
     * @param value the most rows in one chunk
     * @return this builder
     */
    public Builder chunkRows(int value) {
      this.chunkRows = value;
      return this;
    }

    /**
     * @param value how column chunks are compressed
     * @return this builder
     */
    public Builder compression(Compression value) {
      this.compression = value;
      return this;
    }

    /**
     * @return the definition
     * @throws IllegalArgumentException if a part is out of range
     * @throws UnsupportedTypeException if a column has a type Sluice does not store
     */
    public TableDefinition build() {
      return new TableDefinition(name, schema, shardCount, distributionKey, chunkRows, compression);
    }
  }
}
