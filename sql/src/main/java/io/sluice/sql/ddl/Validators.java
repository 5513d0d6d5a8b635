package io.sluice.sql.ddl;

import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/** Makes the validator DDL statements use to turn type names into types. */
final class Validators {
  private Validators() {}

  static SqlValidator of(CalcitePrepare.Context context) {
    RelDataTypeFactory typeFactory =
        context.getTypeFactory() != null ? context.getTypeFactory() : new JavaTypeFactoryImpl();
    CalciteConnectionConfig config = context.config();
    CalciteCatalogReader catalogReader =
        new CalciteCatalogReader(
            context.getRootSchema(),
            context.getDefaultSchemaPath(),
            (org.apache.calcite.adapter.java.JavaTypeFactory) typeFactory,
            config);
    return SqlValidatorUtil.newValidator(
        SqlStdOperatorTable.instance(), catalogReader, typeFactory, SqlValidator.Config.DEFAULT);
  }
}
