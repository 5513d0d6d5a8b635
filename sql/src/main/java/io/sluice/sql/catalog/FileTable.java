package io.sluice.sql.catalog;

import io.sluice.connectors.FileSource;
import io.sluice.sql.exec.ExecutionEnvironment;
import io.sluice.sql.exec.FileScanSource;
import io.sluice.sql.exec.ScanSource;
import io.sluice.sql.plan.ShardRel;
import io.sluice.sql.plan.ShardTableScan;
import io.sluice.sql.type.SqlTypes;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * Files queried in place ({@code read_parquet('logs/*.parquet')}): a table whose rows shard
 * fragments read straight from the files, so filters, projections, wasm calls and partial
 * aggregates run where the data is read, as they do over a stored table.
 */
public final class FileTable extends AbstractTable implements TranslatableTable, FragmentSource {
  private final FileSource files;
  private final String call;
  private final ExecutionEnvironment environment;
  private final boolean pushdown;

  /**
   * @param files the files, format, options and schema
   * @param call how the statement named them, for plans
   * @param environment where fragments run
   * @param pushdown whether plans push work into the fragments
   */
  public FileTable(
      FileSource files, String call, ExecutionEnvironment environment, boolean pushdown) {
    this.files = files;
    this.call = call;
    this.environment = environment;
    this.pushdown = pushdown;
  }

  /**
   * @return the files
   */
  public FileSource files() {
    return files;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return SqlTypes.toRowType(files.schema(), typeFactory);
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.of(Math.max(1, files.estimatedRows()), List.of());
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelOptCluster cluster = context.getCluster();
    return new ShardTableScan(cluster, cluster.traitSetOf(ShardRel.CONVENTION), relOptTable, this);
  }

  @Override
  public ExecutionEnvironment environment() {
    return environment;
  }

  @Override
  public boolean pushdown() {
    return pushdown;
  }

  @Override
  public ScanSource scanSource() {
    return new FileScanSource(files, call);
  }

  @Override
  public RelWriter explain(RelWriter pw) {
    return pw.item("format", files.format().optionName())
        .item("files", files.files().files().size());
  }
}
