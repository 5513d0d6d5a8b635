package io.sluice.storage.internal;

import io.sluice.storage.ColumnType;
import io.sluice.storage.SchemaMismatchException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/** Checks that a batch matches its table's schema before anything is written. */
final class BatchValidator {

  private BatchValidator() {}

  /**
   * @param table the table
   * @param batch the batch
   * @throws SchemaMismatchException naming the table, the column and the difference
   */
  static void validate(TableState table, VectorSchemaRoot batch) {
    String prefix = "cannot append to table '" + table.name() + "': ";
    List<Field> expected = table.definition().schema().getFields();
    List<FieldVector> vectors = batch.getFieldVectors();
    if (vectors.size() != expected.size()) {
      throw new SchemaMismatchException(
          prefix
              + "the batch has "
              + vectors.size()
              + " columns, the table has "
              + expected.size()
              + " ("
              + names(expected)
              + ")");
    }
    for (int i = 0; i < expected.size(); i++) {
      Field want = expected.get(i);
      Field got = vectors.get(i).getField();
      if (!want.getName().equals(got.getName())) {
        throw new SchemaMismatchException(
            prefix
                + "column "
                + (i + 1)
                + " is '"
                + want.getName()
                + "' in the table but '"
                + got.getName()
                + "' in the batch");
      }
      if (!want.getType().equals(got.getType())) {
        throw new SchemaMismatchException(
            prefix
                + "column '"
                + want.getName()
                + "' is "
                + ColumnType.describe(want.getType())
                + " in the table but "
                + ColumnType.describe(got.getType())
                + " in the batch");
      }
      FieldVector vector = vectors.get(i);
      if (vector.getValueCount() < batch.getRowCount()) {
        throw new SchemaMismatchException(
            prefix
                + "column '"
                + want.getName()
                + "' has "
                + vector.getValueCount()
                + " values for "
                + batch.getRowCount()
                + " rows");
      }
      if (!want.isNullable()) {
        int nulls = nullsIn(vector, batch.getRowCount());
        if (nulls > 0) {
          throw new SchemaMismatchException(
              prefix
                  + "column '"
                  + want.getName()
                  + "' is NOT NULL but the batch has "
                  + nulls
                  + " nulls in it");
        }
      }
    }
  }

  private static int nullsIn(FieldVector vector, int rows) {
    if (vector.getValueCount() == rows) {
      return vector.getNullCount();
    }
    int nulls = 0;
    for (int row = 0; row < rows; row++) {
      if (vector.isNull(row)) {
        nulls++;
      }
    }
    return nulls;
  }

  private static String names(List<Field> fields) {
    StringBuilder names = new StringBuilder();
    for (Field field : fields) {
      names.append(names.length() == 0 ? "" : ", ").append(field.getName());
    }
    return names.toString();
  }
}
