package io.sluice.server.flight;

import java.sql.Types;
import java.util.List;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The SQL types Sluice stores, as {@code GetXdbcTypeInfo} lists them (the JDBC driver answers
 * {@code DatabaseMetaData.getTypeInfo} from it). The list follows docs/sql.md's type table.
 */
final class TypeInfo {
  /** One row of the listing, in the columns JDBC's getTypeInfo has. */
  private record Type(
      String name,
      int jdbcType,
      Integer size,
      String prefix,
      boolean caseSensitive,
      boolean fixedScale,
      Integer minScale,
      Integer maxScale,
      Integer radix) {}

  private static final List<Type> TYPES =
      List.of(
          new Type("BOOLEAN", Types.BOOLEAN, 1, null, false, false, null, null, null),
          new Type("TINYINT", Types.TINYINT, 3, null, false, false, 0, 0, 10),
          new Type("SMALLINT", Types.SMALLINT, 5, null, false, false, 0, 0, 10),
          new Type("INTEGER", Types.INTEGER, 10, null, false, false, 0, 0, 10),
          new Type("BIGINT", Types.BIGINT, 19, null, false, false, 0, 0, 10),
          new Type("REAL", Types.REAL, 7, null, false, false, null, null, 2),
          new Type("DOUBLE", Types.DOUBLE, 15, null, false, false, null, null, 2),
          new Type("DECIMAL", Types.DECIMAL, 38, null, false, true, 0, 38, 10),
          new Type("VARCHAR", Types.VARCHAR, Integer.MAX_VALUE, "'", true, false, null, null, null),
          new Type(
              "VARBINARY",
              Types.VARBINARY,
              Integer.MAX_VALUE,
              "X'",
              false,
              false,
              null,
              null,
              null),
          new Type("DATE", Types.DATE, 10, "DATE '", false, false, null, null, null),
          new Type("TIME", Types.TIME, 12, "TIME '", false, false, 3, 3, null),
          new Type("TIMESTAMP", Types.TIMESTAMP, 23, "TIMESTAMP '", false, false, 3, 3, null),
          new Type(
              "TIMESTAMP WITH LOCAL TIME ZONE",
              Types.TIMESTAMP_WITH_TIMEZONE,
              23,
              "TIMESTAMP '",
              false,
              false,
              3,
              3,
              null));

  private TypeInfo() {}

  /**
   * @param command the request, maybe asking for one JDBC type only
   * @param allocator where the answer's buffers come from
   * @param listener the client's stream
   */
  static void send(
      CommandGetXdbcTypeInfo command, BufferAllocator allocator, ServerStreamListener listener) {
    try (MetadataStreams rows = new MetadataStreams(Schemas.GET_TYPE_INFO_SCHEMA, allocator)) {
      for (Type type : TYPES) {
        if (command.hasDataType() && command.getDataType() != type.jdbcType()) {
          continue;
        }
        String suffix = type.prefix() == null ? null : "'";
        rows.set("type_name", type.name())
            .set("data_type", type.jdbcType())
            .set("column_size", type.size())
            .set("literal_prefix", type.prefix())
            .set("literal_suffix", suffix)
            .set("create_params", null)
            .set("nullable", 1)
            .set("case_sensitive", type.caseSensitive())
            .set("searchable", 3)
            .set("unsigned_attribute", type.radix() == null ? null : false)
            .set("fixed_prec_scale", type.fixedScale())
            .set("auto_increment", false)
            .set("local_type_name", type.name())
            .set("minimum_scale", type.minScale())
            .set("maximum_scale", type.maxScale())
            .set("sql_data_type", type.jdbcType())
            .set("datetime_subcode", null)
            .set("num_prec_radix", type.radix())
            .set("interval_precision", null)
            .endRow();
      }
      rows.send(listener);
    }
  }
}
