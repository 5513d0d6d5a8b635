package io.sluice.sql.catalog;

import io.sluice.sql.SluiceEngine;
import io.sluice.storage.Table;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /**
   * @param engine the engine holding the store
   * @param pushdown whether plans push work into shard fragments (false keeps every operator on the
   *     coordinator, over plain shard scans: the oracle of differential tests)
   */
  public SluiceSchema(SluiceEngine engine, boolean pushdown) {
    this.engine = engine;
    this.pushdown = pushdown;
  }

  /**
   * @return the engine holding the store
   */
  public SluiceEngine engine() {
    return engine;
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
  public boolean isMutable() {
    return true;
  }
}
