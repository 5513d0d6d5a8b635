package io.sluice.sql.load;

import io.sluice.connectors.BadValueException;
import io.sluice.connectors.TextValues;
import io.sluice.sql.SluiceEngine;
import io.sluice.sql.ddl.SqlErrors;
import io.sluice.sql.exec.ExprType;
import io.sluice.sql.exec.LaneValues;
import io.sluice.sql.type.SqlTypes;
import io.sluice.storage.ColumnType;
import io.sluice.storage.Table;
import java.math.BigDecimal;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryStringLiteral;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.util.BitString;
import org.apache.calcite.util.NlsString;

/**
 * {@code INSERT INTO t [(columns)] VALUES (...), (...)} whose values are literals and {@code ?}
 * parameters, run without planning: literals are converted once when the statement is prepared (a
 * value that does not fit its column fails the prepare, pointing at it), and each execution writes
 * them and the bound parameters straight into Arrow batches. No code is generated, so 10,000 rows
 * in one statement cost what 10,000 rows cost, and {@code executeBatch} of a prepared statement
 * writes every parameter row in one append. Any other INSERT (expressions, a SELECT) takes the
 * planner.
 */
public final class FastInsert {
  private final SluiceEngine engine;
  private final String table;
  private final List<Field> fields;
  private final ColumnType[] types;
  private final int[] targetOfColumn;
  private final List<Object[]> constants;
  private final List<AvaticaParameter> parameters;
  private final int[] parameterColumn;

  private FastInsert(
      SluiceEngine engine,
      String table,
      List<Field> fields,
      int[] targetOfColumn,
      List<Object[]> constants,
      int[] parameterColumn) {
    this.engine = engine;
    this.table = table;
    this.fields = fields;
    this.types = new ColumnType[fields.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = ColumnType.of(fields.get(i));
    }
    this.targetOfColumn = targetOfColumn;
    this.constants = constants;
    this.parameterColumn = parameterColumn;
    List<AvaticaParameter> list = new ArrayList<>();
    for (int column : parameterColumn) {
      list.add(parameter(fields.get(column)));
    }
    this.parameters = List.copyOf(list);
  }

  /** A cell holding a parameter, in {@link #constants}. */
  private record Parameter(int index) {}

  /**
   * Plans an INSERT on the fast path, if it can take it.
   *
   * @param insert the statement
   * @param engine the engine
   * @param defaultSchema the schema unqualified table names are in
   * @return the plan, or null when the statement needs the planner (its errors come from there)
   */
  public static FastInsert plan(SqlInsert insert, SluiceEngine engine, String defaultSchema) {
    ValuesScanner.Insert read = read(insert);
    if (read == null) {
      return null;
    }
    try {
      return convert(read, engine, defaultSchema);
    } catch (BadCell e) {
      SqlBasicCall values = (SqlBasicCall) insert.getSource();
      throw SqlErrors.at(((SqlCall) values.operand(e.row)).operand(e.cell), e.getMessage());
    }
  }

  /**
   * @param insert a parsed INSERT
   * @return it in the form the {@link ValuesScanner} gives, or null if its source is not a VALUES
   *     list of literals and parameters
   */
  static ValuesScanner.Insert read(SqlInsert insert) {
    if (!(insert.getTargetTable() instanceof SqlIdentifier target)
        || !(insert.getSource() instanceof SqlBasicCall values)
        || values.getKind() != SqlKind.VALUES) {
      return null;
    }
    List<String> columnNames = null;
    if (insert.getTargetColumnList() != null) {
      columnNames = new ArrayList<>();
      for (SqlNode column : insert.getTargetColumnList()) {
        if (!(column instanceof SqlIdentifier identifier) || !identifier.isSimple()) {
          return null;
        }
        columnNames.add(identifier.getSimple());
      }
    }
    List<Object[]> rows = new ArrayList<>();
    for (SqlNode rowNode : values.getOperandList()) {
      if (rowNode.getKind() != SqlKind.ROW) {
        return null;
      }
      List<SqlNode> cells = ((SqlCall) rowNode).getOperandList();
      Object[] row = new Object[cells.size()];
      for (int i = 0; i < row.length; i++) {
        SqlNode cell = cells.get(i);
        row[i] =
            cell instanceof SqlDynamicParam param
                ? new ValuesScanner.Parameter(param.getIndex())
                : literalText(cell);
        if (row[i] == NOT_LITERAL) {
          return null;
        }
      }
      rows.add(row);
    }
    return new ValuesScanner.Insert(List.copyOf(target.names), columnNames, rows);
  }

  /**
   * Plans an INSERT the {@link ValuesScanner} read, if the fast path can take it. A value that does
   * not fit its column gives null too: the parser then reads the statement again and the error
   * points at the value.
   *
   * @param insert the statement as scanned
   * @param engine the engine
   * @param defaultSchema the schema unqualified table names are in
   * @return the plan, or null when the statement needs the parser and the planner
   */
  public static FastInsert plan(
      ValuesScanner.Insert insert, SluiceEngine engine, String defaultSchema) {
    try {
      return convert(insert, engine, defaultSchema);
    } catch (BadCell e) {
      return null;
    }
  }

  /** A value that does not fit its column, at a row and cell of the VALUES list. */
  private static final class BadCell extends RuntimeException {
    final int row;
    final int cell;

    BadCell(int row, int cell, String message) {
      super(message, null, false, false);
      this.row = row;
      this.cell = cell;
    }
  }

  /**
   * @throws BadCell for a value that does not fit its column
   */
  private static FastInsert convert(
      ValuesScanner.Insert insert, SluiceEngine engine, String defaultSchema) {
    List<String> tableName = insert.table();
    List<String> columnNames = insert.columns();
    List<Object[]> rows = insert.rows();
    String name;
    if (tableName.size() == 1) {
      name = tableName.get(0);
    } else if (tableName.size() == 2 && tableName.get(0).equals(defaultSchema)) {
      name = tableName.get(1);
    } else {
      return null;
    }
    Table table = engine.store().findTable(name).orElse(null);
    if (table == null) {
      return null;
    }
    List<Field> fields = table.schema().getFields();
    int[] columns;
    if (columnNames == null) {
      columns = new int[fields.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = i;
      }
    } else {
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        byName.put(fields.get(i).getName(), i);
      }
      columns = new int[columnNames.size()];
      for (int i = 0; i < columns.length; i++) {
        Integer index = byName.get(columnNames.get(i));
        if (index == null) {
          return null;
        }
        columns[i] = index;
      }
      boolean[] given = new boolean[fields.size()];
      for (int column : columns) {
        if (given[column]) {
          return null;
        }
        given[column] = true;
      }
      for (int i = 0; i < fields.size(); i++) {
        if (!given[i] && !fields.get(i).isNullable()) {
          return null;
        }
      }
    }
    int[] targetOfColumn = new int[fields.size()];
    java.util.Arrays.fill(targetOfColumn, -1);
    for (int i = 0; i < columns.length; i++) {
      targetOfColumn[columns[i]] = i;
    }
    List<Object[]> constants = new ArrayList<>(rows.size());
    Map<Integer, Integer> parameterColumns = new HashMap<>();
    BufferAllocator allocator =
        engine.allocator().newChildAllocator("insert-literals", 0, Long.MAX_VALUE);
    try (VectorSchemaRoot scratch = VectorSchemaRoot.create(table.schema(), allocator)) {
      scratch.allocateNew();
      TextValues[] text = new TextValues[fields.size()];
      ColumnType[] types = new ColumnType[fields.size()];
      for (int i = 0; i < types.length; i++) {
        types[i] = ColumnType.of(fields.get(i));
      }
      for (int r = 0; r < rows.size(); r++) {
        Object[] cells = rows.get(r);
        if (cells.length != columns.length) {
          return null;
        }
        Object[] row = new Object[columns.length];
        for (int i = 0; i < cells.length; i++) {
          int column = columns[i];
          Object literal = cells[i];
          if (literal instanceof ValuesScanner.Parameter param) {
            row[i] = new Parameter(param.index());
            parameterColumns.put(param.index(), column);
            continue;
          }
          if (literal == null) {
            if (!fields.get(column).isNullable()) {
              throw new BadCell(
                  r,
                  i,
                  "column " + fields.get(column).getName() + " is NOT NULL: it needs a value");
            }
            row[i] = null;
            continue;
          }
          FieldVector vector = scratch.getVector(column);
          try {
            if (literal instanceof byte[] bytes) {
              if (types[column] != ColumnType.VARBINARY) {
                return null;
              }
              row[i] = bytes;
              continue;
            }
            if (literal instanceof BigDecimal number && isInteger(fields.get(column))) {
              CellValues.write(vector, types[column], 0, number);
            } else {
              if (text[column] == null) {
                text[column] = TextValues.of(fields.get(column));
              }
              text[column].parse(
                  vector,
                  0,
                  literal instanceof BigDecimal number
                      ? number.toPlainString()
                      : literal.toString());
            }
          } catch (BadValueException | IllegalArgumentException e) {
            throw new BadCell(
                r,
                i,
                "cannot insert into column "
                    + fields.get(column).getName()
                    + ": "
                    + e.getMessage());
          }
          row[i] = CellValues.read(vector, 0);
        }
        constants.add(row);
      }
    } finally {
      allocator.close();
    }
    int[] parameterColumn = new int[parameterColumns.size()];
    for (Map.Entry<Integer, Integer> entry : parameterColumns.entrySet()) {
      if (entry.getKey() >= parameterColumn.length) {
        return null;
      }
      parameterColumn[entry.getKey()] = entry.getValue();
    }
    return new FastInsert(engine, name, fields, targetOfColumn, constants, parameterColumn);
  }

  private static final Object NOT_LITERAL = new Object();

  /**
   * A literal cell as the text (or number, or bytes) to convert, null for NULL, or {@link
   * #NOT_LITERAL} for anything the fast path does not take.
   */
  private static Object literalText(SqlNode cell) {
    if (cell instanceof SqlCall call
        && (call.getKind() == SqlKind.MINUS_PREFIX || call.getKind() == SqlKind.PLUS_PREFIX)
        && call.operand(0) instanceof SqlNumericLiteral number) {
      BigDecimal value = number.getValueAs(BigDecimal.class);
      return call.getKind() == SqlKind.MINUS_PREFIX ? value.negate() : value;
    }
    if (cell instanceof org.apache.calcite.sql.SqlUnknownLiteral typed) {
      // DATE '...', TIME '...', TIMESTAMP '...' as parsed, before the validator resolves them.
      switch (typed.tag.toUpperCase(java.util.Locale.ROOT)) {
        case "DATE":
        case "TIME":
        case "TIMESTAMP":
          return typed.getValue();
        default:
          return NOT_LITERAL;
      }
    }
    if (!(cell instanceof SqlLiteral literal)) {
      return NOT_LITERAL;
    }
    if (literal.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.NULL) {
      return null;
    }
    if (literal instanceof SqlNumericLiteral number) {
      return number.getValueAs(BigDecimal.class);
    }
    if (literal instanceof SqlCharStringLiteral) {
      return literal.getValueAs(NlsString.class).getValue();
    }
    if (literal instanceof SqlBinaryStringLiteral) {
      return literal.getValueAs(BitString.class).getAsByteArray();
    }
    switch (literal.getTypeName()) {
      case BOOLEAN:
        return literal.booleanValue() ? "TRUE" : "FALSE";
      case DATE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return literal.toValue();
      default:
        return NOT_LITERAL;
    }
  }

  private static boolean isInteger(Field field) {
    return field.getType() instanceof ArrowType.Int;
  }

  /**
   * @return the statement's parameters, typed as the columns they fill
   */
  public List<AvaticaParameter> parameters() {
    return parameters;
  }

  /**
   * @return rows one execution inserts
   */
  public long rowsPerExecution() {
    return constants.size();
  }

  /**
   * Runs the statement once.
   *
   * @param parameterValues the bound values by parameter index, as Calcite holds them
   * @return rows inserted
   */
  public long execute(List<Object> parameterValues) {
    return executeBatch(List.of(parameterValues));
  }

  /**
   * Runs the statement once per parameter row, all rows in one atomic write.
   *
   * @param parameterRows bound values per execution, by parameter index, as Calcite holds them
   * @return rows inserted
   */
  public long executeBatch(List<List<Object>> parameterRows) {
    Table target = engine.store().table(table);
    long total = (long) constants.size() * parameterRows.size();
    BufferAllocator allocator =
        engine.allocator().newChildAllocator("insert-" + table, 0, Long.MAX_VALUE);
    try (TableWriter writer = TableWriter.into(target, allocator)) {
      VectorSchemaRoot batch = null;
      int row = 0;
      try {
        for (List<Object> values : parameterRows) {
          check(values);
          for (Object[] constantRow : constants) {
            if (batch == null) {
              batch = VectorSchemaRoot.create(target.schema(), allocator);
              batch.setRowCount(0);
              for (FieldVector vector : batch.getFieldVectors()) {
                vector.setInitialCapacity((int) Math.min(total, RowBatcher.BATCH_ROWS));
                vector.allocateNew();
              }
              row = 0;
            }
            for (int c = 0; c < types.length; c++) {
              int cell = targetOfColumn[c];
              Object value = cell < 0 ? null : constantRow[cell];
              FieldVector vector = batch.getVector(c);
              if (value instanceof Parameter parameter) {
                writeParameter(vector, c, row, values.get(parameter.index()));
              } else {
                CellValues.write(vector, types[c], row, value);
              }
            }
            if (++row == RowBatcher.BATCH_ROWS) {
              finish(batch, row);
              writer.write(batch);
              batch.close();
              batch = null;
            }
          }
        }
        if (batch != null) {
          finish(batch, row);
          writer.write(batch);
        }
      } finally {
        if (batch != null) {
          batch.close();
        }
      }
      return writer.commit();
    } finally {
      allocator.close();
    }
  }

  private void check(List<Object> values) {
    if (values.size() < parameterColumn.length) {
      throw new IllegalArgumentException(
          "the statement has "
              + parameterColumn.length
              + " parameters but "
              + values.size()
              + " values were bound");
    }
  }

  private void writeParameter(FieldVector vector, int column, int row, Object value) {
    if (value == null) {
      if (!fields.get(column).isNullable()) {
        throw new IllegalArgumentException(
            "column " + fields.get(column).getName() + " is NOT NULL but NULL was bound to it");
      }
      vector.setNull(row);
      return;
    }
    ColumnType type = types[column];
    if (value instanceof ByteString bytes) {
      value = bytes.getBytes();
    } else if (value instanceof String text && type != ColumnType.VARCHAR) {
      try {
        TextValues.of(fields.get(column)).parse(vector, row, text);
        return;
      } catch (BadValueException e) {
        throw new IllegalArgumentException(
            "cannot insert into column " + fields.get(column).getName() + ": " + e.getMessage(), e);
      }
    }
    switch (type) {
      case DATE, TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE ->
          value = LaneValues.of(value, exprType(fields.get(column)));
      default -> {}
    }
    CellValues.write(vector, type, row, value);
  }

  private static ExprType exprType(Field field) {
    return ExprType.of(SqlTypes.toSqlType(field, new JavaTypeFactoryImpl()));
  }

  private static void finish(VectorSchemaRoot batch, int rows) {
    for (FieldVector vector : batch.getFieldVectors()) {
      vector.setValueCount(rows);
    }
    batch.setRowCount(rows);
  }

  private static AvaticaParameter parameter(Field field) {
    ColumnType type = ColumnType.of(field);
    int precision = 0;
    int scale = 0;
    int sqlType;
    String className;
    switch (type) {
      case BOOLEAN -> {
        sqlType = Types.BOOLEAN;
        className = Boolean.class.getName();
      }
      case TINYINT -> {
        sqlType = Types.TINYINT;
        className = Byte.class.getName();
      }
      case SMALLINT -> {
        sqlType = Types.SMALLINT;
        className = Short.class.getName();
      }
      case INT -> {
        sqlType = Types.INTEGER;
        className = Integer.class.getName();
      }
      case BIGINT -> {
        sqlType = Types.BIGINT;
        className = Long.class.getName();
      }
      case FLOAT -> {
        sqlType = Types.REAL;
        className = Float.class.getName();
      }
      case DOUBLE -> {
        sqlType = Types.DOUBLE;
        className = Double.class.getName();
      }
      case DECIMAL -> {
        ArrowType.Decimal decimal = (ArrowType.Decimal) field.getType();
        sqlType = Types.DECIMAL;
        precision = decimal.getPrecision();
        scale = decimal.getScale();
        className = BigDecimal.class.getName();
      }
      case VARCHAR -> {
        sqlType = Types.VARCHAR;
        className = String.class.getName();
      }
      case VARBINARY -> {
        sqlType = Types.VARBINARY;
        className = byte[].class.getName();
      }
      case DATE -> {
        sqlType = Types.DATE;
        className = java.sql.Date.class.getName();
      }
      case TIME -> {
        sqlType = Types.TIME;
        className = java.sql.Time.class.getName();
      }
      case TIMESTAMP -> {
        sqlType = Types.TIMESTAMP;
        className = java.sql.Timestamp.class.getName();
      }
      default -> {
        sqlType = Types.TIMESTAMP_WITH_TIMEZONE;
        className = java.sql.Timestamp.class.getName();
      }
    }
    return new AvaticaParameter(
        type != ColumnType.VARCHAR && type != ColumnType.BOOLEAN && type != ColumnType.VARBINARY,
        precision,
        scale,
        sqlType,
        type.sqlName(),
        className,
        field.getName());
  }
}
