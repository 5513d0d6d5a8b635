package io.sluice.sql.catalog;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/** A read-only table of the {@code sys} schema whose rows are computed each time it is scanned. */
public final class SystemTable extends AbstractTable implements ScannableTable {
  private final Function<RelDataTypeFactory, RelDataType> rowType;
  private final Supplier<List<Object[]>> rows;

  public SystemTable(
      Function<RelDataTypeFactory, RelDataType> rowType, Supplier<List<Object[]>> rows) {
    this.rowType = rowType;
    this.rows = rows;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return rowType.apply(typeFactory);
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows.get());
  }
}
