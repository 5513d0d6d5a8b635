package io.sluice.sql.catalog;

import io.sluice.sql.function.FunctionCatalog;
import io.sluice.sql.function.FunctionSignatures;
import io.sluice.sql.function.WasmFunctionVersion;
import io.sluice.udf.UdfLimits;
import io.sluice.udf.UdfStats;
import io.sluice.wasidata.FunctionDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code sys.functions} (each wasm function's definition, module hash, ABI and limits) and {@code
 * sys.function_stats} (what each has done since the process started).
 */
public final class FunctionTables {
  private FunctionTables() {}

  /**
   * @param catalog the function catalog
   * @return {@code sys.functions}
   */
  public static Table functions(FunctionCatalog catalog) {
    return new SystemTable(FunctionTables::functionsType, () -> functionRows(catalog));
  }

  /**
   * @param catalog the function catalog
   * @return {@code sys.function_stats}
   */
  public static Table stats(FunctionCatalog catalog) {
    return new SystemTable(FunctionTables::statsType, () -> statsRows(catalog));
  }

  private static RelDataType functionsType(RelDataTypeFactory f) {
    return f.builder()
        .add("name", SqlTypeName.VARCHAR)
        .add("kind", SqlTypeName.VARCHAR)
        .add("signature", SqlTypeName.VARCHAR)
        .add("abi", SqlTypeName.VARCHAR)
        .add("export_name", SqlTypeName.VARCHAR)
        .add("nulls", SqlTypeName.VARCHAR)
        .add("deterministic", SqlTypeName.BOOLEAN)
        .add("module_sha256", SqlTypeName.VARCHAR)
        .add("execution", SqlTypeName.VARCHAR)
        .add("memory_limit", SqlTypeName.VARCHAR)
        .add("timeout", SqlTypeName.VARCHAR)
        .add("max_output", SqlTypeName.VARCHAR)
        .add("grants", SqlTypeName.VARCHAR)
        .add("source", SqlTypeName.VARCHAR)
        .add("created", SqlTypeName.VARCHAR)
        .add("version", SqlTypeName.BIGINT)
        .build();
  }

  private static List<Object[]> functionRows(FunctionCatalog catalog) {
    List<Object[]> rows = new ArrayList<>();
    for (WasmFunctionVersion version : catalog.all()) {
      FunctionDescriptor d = version.definition().descriptor();
      UdfLimits limits = version.definition().limits();
      rows.add(
          new Object[] {
            version.name(),
            d.kind().name(),
            FunctionSignatures.of(d),
            d.abi().name(),
            d.exportName(),
            d.nulls().name(),
            d.deterministic(),
            version.definition().moduleSha256(),
            execution(version),
            UdfLimits.describeBytes(limits.memoryBytes()),
            UdfLimits.describe(limits.callTimeout()),
            UdfLimits.describeBytes(limits.maxOutputBytes()),
            limits.grants().stream()
                .map(g -> g.name().toLowerCase(Locale.ROOT))
                .sorted()
                .collect(Collectors.joining(",")),
            version.definition().source(),
            version.definition().created().toString(),
            version.definition().version()
          });
    }
    return rows;
  }

  private static String execution(WasmFunctionVersion version) {
    java.util.Optional<UdfStats> loaded = version.stats();
    if (loaded.isEmpty()) {
      return "not loaded yet";
    }
    UdfStats stats = loaded.get();
    String mode = stats.mode().name().toLowerCase(Locale.ROOT);
    return stats.fallbackReason() == null || stats.fallbackReason().isEmpty()
        ? mode
        : mode + " (" + stats.fallbackReason() + ")";
  }

  private static RelDataType statsType(RelDataTypeFactory f) {
    return f.builder()
        .add("name", SqlTypeName.VARCHAR)
        .add("calls", SqlTypeName.BIGINT)
        .add("batches", SqlTypeName.BIGINT)
        .add("input_rows", SqlTypeName.BIGINT)
        .add("guest_ms", SqlTypeName.DOUBLE)
        .add("copy_ms", SqlTypeName.DOUBLE)
        .add("bytes_in", SqlTypeName.BIGINT)
        .add("bytes_out", SqlTypeName.BIGINT)
        .add("memory_high_water", SqlTypeName.BIGINT)
        .add("pool_hits", SqlTypeName.BIGINT)
        .add("pool_misses", SqlTypeName.BIGINT)
        .add("instances_created", SqlTypeName.BIGINT)
        .add("instances_discarded", SqlTypeName.BIGINT)
        .add("traps", SqlTypeName.BIGINT)
        .add("timeouts", SqlTypeName.BIGINT)
        .add("errors", SqlTypeName.BIGINT)
        .add("execution", SqlTypeName.VARCHAR)
        .build();
  }

  private static List<Object[]> statsRows(FunctionCatalog catalog) {
    List<Object[]> rows = new ArrayList<>();
    for (WasmFunctionVersion version : catalog.all()) {
      java.util.Optional<UdfStats> loaded = version.stats();
      if (loaded.isEmpty()) {
        rows.add(
            new Object[] {
              version.name(),
              0L,
              0L,
              0L,
              0.0,
              0.0,
              0L,
              0L,
              0L,
              0L,
              0L,
              0L,
              0L,
              0L,
              0L,
              0L,
              "not loaded yet"
            });
        continue;
      }
      UdfStats s = loaded.get();
      rows.add(
          new Object[] {
            version.name(),
            s.calls(),
            s.batches(),
            s.rows(),
            s.guestNanos() / 1e6,
            s.copyNanos() / 1e6,
            s.bytesIn(),
            s.bytesOut(),
            s.memoryHighWaterBytes(),
            s.poolHits(),
            s.poolMisses(),
            s.instancesCreated(),
            s.instancesDiscarded(),
            s.traps(),
            s.timeouts(),
            s.errors(),
            execution(version)
          });
    }
    return rows;
  }
}
