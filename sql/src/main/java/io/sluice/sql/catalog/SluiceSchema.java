package io.sluice.sql.catalog;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.sluice.connectors.FileAccess;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.exec.ExecutionEnvironment;
import io.sluice.sql.function.WasmFunctionVersion;
import io.sluice.sql.function.WasmFunctions;
import io.sluice.storage.Table;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The tables of a Sluice store, read from its catalog on every lookup so that DDL on any connection
 * is seen at once by every other.
 */
public final class SluiceSchema extends AbstractSchema {
  /** The schema's name on every connection. */
  public static final String NAME = "sluice";

  private final SluiceEngine engine;
  private final boolean pushdown;
  private final boolean vectorize;
  private final Path moduleDirectory;
  private final FileAccess files;
  private final PlanCache plans = new PlanCache();

  /**
   * @param engine the engine holding the store
   * @param pushdown whether plans push work into shard fragments (false keeps every operator on the
   *     coordinator, over plain shard scans: the oracle of differential tests)
   * @param vectorize whether the coordinator's joins, aggregates and calcs run vectorized (false
   *     keeps Calcite's row-at-a-time operators: the oracle of differential tests)
   * @param moduleDirectory where relative module paths of CREATE FUNCTION are resolved
   * @param files which files COPY and the read_* functions may read and write
   */
  public SluiceSchema(
      SluiceEngine engine,
      boolean pushdown,
      boolean vectorize,
      Path moduleDirectory,
      FileAccess files) {
    this.engine = engine;
    this.pushdown = pushdown;
    this.vectorize = vectorize;
    this.moduleDirectory = moduleDirectory;
    this.files = files;
  }

  /**
   * @return which files COPY and the read_* functions may read and write
   */
  public FileAccess files() {
    return files;
  }

  /**
   * @return whether the coordinator's operators run vectorized where they can
   */
  public boolean vectorize() {
    return vectorize;
  }

  /**
   * @return whether plans push work into shard fragments
   */
  public boolean pushdown() {
    return pushdown;
  }

  /**
   * @return where relative module paths of CREATE FUNCTION are resolved
   */
  public Path moduleDirectory() {
    return moduleDirectory;
  }

  /**
   * @return the connection's prepared queries, by statement text
   */
  public PlanCache plans() {
    return plans;
  }

  /**
   * @return the engine holding the store
   */
  public SluiceEngine engine() {
    return engine;
  }

  /**
   * @param context a statement's context
   * @return the connection's Sluice schema
   * @throws IllegalStateException if the connection has none
   */
  public static SluiceSchema of(org.apache.calcite.jdbc.CalcitePrepare.Context context) {
    org.apache.calcite.jdbc.CalciteSchema sluice = context.getRootSchema().getSubSchema(NAME, true);
    if (sluice == null || !(sluice.schema instanceof SluiceSchema schema)) {
      throw new IllegalStateException("the connection has no " + NAME + " schema");
    }
    return schema;
  }

  /**
   * Finds the engine of a running statement, for operators that need its memory or pools.
   *
   * @param root the statement's data context
   * @return the engine of the connection's Sluice schema
   * @throws IllegalStateException if the connection has no Sluice schema
   */
  public static ExecutionEnvironment environment(DataContext root) {
    SchemaPlus rootSchema = root.getRootSchema();
    SchemaPlus schema = rootSchema == null ? null : rootSchema.getSubSchema(NAME);
    SluiceSchema sluice = schema == null ? null : schema.unwrap(SluiceSchema.class);
    if (sluice == null) {
      throw new IllegalStateException("the connection has no " + NAME + " schema");
    }
    return sluice.engine;
  }

  @Override
  protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
    Map<String, org.apache.calcite.schema.Table> tables = new LinkedHashMap<>();
    for (String name : engine.store().tableNames()) {
      engine
          .store()
          .findTable(name)
          .map(Table::definition)
          .ifPresent(definition -> tables.put(name, new SluiceTable(engine, definition, pushdown)));
    }
    return tables;
  }

  @Override
  protected Multimap<String, org.apache.calcite.schema.Function> getFunctionMultimap() {
    ImmutableMultimap.Builder<String, org.apache.calcite.schema.Function> builder =
        ImmutableMultimap.builder();
    for (WasmFunctionVersion version : engine.functions().all()) {
      builder.put(version.name(), WasmFunctions.calciteFunction(version));
    }
    for (String name : FileTableMacro.FUNCTIONS.keySet()) {
      builder.put(name, new FileTableMacro(name, engine, pushdown, files));
    }
    return builder.build();
  }

  @Override
  public boolean isMutable() {
    return true;
  }
}
