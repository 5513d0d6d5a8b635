package io.sluice.connectors.internal;

import io.sluice.connectors.ConnectorException;
import io.sluice.storage.ColumnType;
import io.sluice.storage.Predicate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Util;

/**
 * A Parquet file's footer: its row groups and, per column, their statistics, decoded into the form
 * chunk pruning uses so that {@link Predicate#mayMatch} decides, as it does for chunks, which row
 * groups a filter can skip. Only the {@code min_value}/{@code max_value} statistics (whose order
 * the format defines) are used; floating-point columns are never pruned (NaN ordering).
 */
public final class ParquetFooter {
  private final FileMetaData metadata;
  private final Map<String, Integer> columnIndex = new HashMap<>();

  private ParquetFooter(FileMetaData metadata) {
    this.metadata = metadata;
    List<RowGroup> groups = metadata.getRow_groups();
    if (groups != null && !groups.isEmpty()) {
      List<ColumnChunk> chunks = groups.get(0).getColumns();
      for (int i = 0; i < chunks.size(); i++) {
        ColumnMetaData meta = chunks.get(i).getMeta_data();
        if (meta != null && meta.getPath_in_schema().size() == 1) {
          columnIndex.put(meta.getPath_in_schema().get(0), i);
        }
      }
    }
  }

  /**
   * @param file a Parquet file
   * @return its footer
   * @throws ConnectorException if the file is not Parquet or its footer is damaged
   */
  public static ParquetFooter read(Path file) {
    String name = file.getFileName().toString();
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length < 12) {
        throw new ConnectorException(name + ": not a Parquet file (it has " + length + " bytes)");
      }
      byte[] tail = new byte[8];
      in.seek(length - 8);
      in.readFully(tail);
      if (tail[4] != 'P' || tail[5] != 'A' || tail[6] != 'R' || tail[7] != '1') {
        throw new ConnectorException(
            name + ": not a Parquet file, or a truncated one (it does not end with PAR1)");
      }
      int footerLength = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (footerLength <= 0 || footerLength > length - 12) {
        throw new ConnectorException(name + ": the Parquet footer length is damaged");
      }
      byte[] footer = new byte[footerLength];
      in.seek(length - 8 - footerLength);
      in.readFully(footer);
      return new ParquetFooter(Util.readFileMetaData(new ByteArrayInputStream(footer)));
    } catch (IOException e) {
      throw new ConnectorException(
          name + ": the Parquet footer cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * @return the number of row groups
   */
  public int rowGroups() {
    return metadata.getRow_groups() == null ? 0 : metadata.getRow_groups().size();
  }

  /**
   * @return the rows in the file
   */
  public long rows() {
    return metadata.getNum_rows();
  }

  /**
   * Counts the row groups that the predicates (on the file's columns, with their target types)
   * prove hold no matching row.
   *
   * @param fileSchema the file's columns as Arrow reads them
   * @param predicates predicates whose column names are the file's
   * @param targetTypes the Sluice type each predicate column reads as, by file column name
   * @return how many row groups can be skipped
   */
  public int skippable(
      Schema fileSchema, List<Predicate> predicates, Map<String, ColumnType> targetTypes) {
    int skipped = 0;
    if (metadata.getRow_groups() == null) {
      return 0;
    }
    for (RowGroup group : metadata.getRow_groups()) {
      for (Predicate predicate : predicates) {
        if (!mayMatch(group, fileSchema, predicate, targetTypes.get(predicate.column()))) {
          skipped++;
          break;
        }
      }
    }
    return skipped;
  }

  private boolean mayMatch(
      RowGroup group, Schema fileSchema, Predicate predicate, ColumnType type) {
    Integer index = columnIndex.get(predicate.column());
    if (index == null || type == null || index >= group.getColumns().size()) {
      return true;
    }
    Field field = null;
    for (Field candidate : fileSchema.getFields()) {
      if (candidate.getName().equals(predicate.column())) {
        field = candidate;
      }
    }
    ColumnMetaData meta = group.getColumns().get(index).getMeta_data();
    if (field == null || meta == null || !meta.isSetStatistics()) {
      return true;
    }
    Statistics statistics = meta.getStatistics();
    long nulls = statistics.isSetNull_count() ? statistics.getNull_count() : -1;
    Object min =
        statistics.isSetMin_value() ? decode(statistics.getMin_value(), meta, field, type) : null;
    Object max =
        statistics.isSetMax_value() ? decode(statistics.getMax_value(), meta, field, type) : null;
    if (min == null || max == null) {
      min = null;
      max = null;
    }
    try {
      return predicate.mayMatch(type, group.getNum_rows(), nulls, min, max);
    } catch (IllegalArgumentException e) {
      return true; // a literal of another type: never prune on a doubt
    }
  }

  /** A statistic's bytes as chunk pruning's value of the target type, or null if not decodable. */
  private static Object decode(byte[] bytes, ColumnMetaData meta, Field field, ColumnType type) {
    ArrowType arrow = field.getType();
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    switch (meta.getType()) {
      case BOOLEAN:
        return type == ColumnType.BOOLEAN && bytes.length >= 1 ? (long) (bytes[0] & 1) : null;
      case INT32:
      case INT64:
        {
          if (bytes.length < 4) {
            return null;
          }
          long raw = bytes.length >= 8 ? le.getLong() : le.getInt();
          if (arrow instanceof ArrowType.Int integer) {
            if (!integer.getIsSigned()) {
              if (integer.getBitWidth() == 64) {
                return null;
              }
              raw = integer.getBitWidth() == 32 ? raw & 0xFFFF_FFFFL : raw;
            }
            return isInteger(type) ? raw : null;
          }
          if (arrow instanceof ArrowType.Date date && type == ColumnType.DATE) {
            return date.getUnit() == org.apache.arrow.vector.types.DateUnit.DAY ? raw : null;
          }
          if (arrow instanceof ArrowType.Timestamp timestamp
              && (type == ColumnType.TIMESTAMP || type == ColumnType.TIMESTAMP_WITH_TIME_ZONE)) {
            return micros(raw, timestamp.getUnit());
          }
          if (arrow instanceof ArrowType.Time time && type == ColumnType.TIME) {
            return micros(raw, time.getUnit());
          }
          if (arrow instanceof ArrowType.Decimal decimal && type == ColumnType.DECIMAL) {
            return BigDecimal.valueOf(raw, decimal.getScale());
          }
          return null;
        }
      case BYTE_ARRAY:
      case FIXED_LEN_BYTE_ARRAY:
        if (arrow instanceof ArrowType.Decimal decimal && type == ColumnType.DECIMAL) {
          return bytes.length == 0
              ? null
              : new BigDecimal(new BigInteger(bytes), decimal.getScale());
        }
        if (type == ColumnType.VARCHAR || type == ColumnType.VARBINARY) {
          return bytes;
        }
        return null;
      default:
        return null;
    }
  }

  private static boolean isInteger(ColumnType type) {
    return type == ColumnType.TINYINT
        || type == ColumnType.SMALLINT
        || type == ColumnType.INT
        || type == ColumnType.BIGINT;
  }

  private static Long micros(long value, TimeUnit unit) {
    return switch (unit) {
      case SECOND -> value * 1_000_000L;
      case MILLISECOND -> value * 1000L;
      case MICROSECOND -> value;
      case NANOSECOND -> Math.floorDiv(value, 1000L);
    };
  }

  @Override
  public String toString() {
    return rowGroups() + " row groups, " + rows() + " rows";
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
