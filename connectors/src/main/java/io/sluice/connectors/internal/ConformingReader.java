package io.sluice.connectors.internal;

import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns batches of a file's own Arrow schema into batches of a target schema: each target column is
 * fed by the file column of the same name (ignoring case), or, when no name matches and the column
 * counts are equal, by the column at the same position; {@link ColumnConverter}s do the rest, and
 * rows with values that do not fit are dropped under {@code on_error = 'skip'}.
 */
public final class ConformingReader {
  private final String file;
  private final int[] sourceOf;
  private final ColumnConverter[] converters;
  private final Schema target;
  private final RowErrors errors;
  private long rowsBefore;

  /**
   * @param file the file's name, for errors
   * @param fileSchema the file's columns
   * @param target the columns to produce
   * @param options the read options
   * @param errors where bad values go
   */
  public ConformingReader(
      String file, Schema fileSchema, Schema target, FileOptions options, RowErrors errors) {
    this(file, fileSchema, target, options, errors, true);
  }

  /**
   * @param file the file's name, for errors
   * @param fileSchema the file's columns
   * @param target the columns to produce
   * @param options the read options
   * @param errors where bad values go
   * @param byPosition whether columns may match by position when no name matches
   */
  public ConformingReader(
      String file,
      Schema fileSchema,
      Schema target,
      FileOptions options,
      RowErrors errors,
      boolean byPosition) {
    this.file = file;
    this.target = target;
    this.errors = errors;
    List<Field> fields = fileSchema.getFields();
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      byName.putIfAbsent(fields.get(i).getName().toLowerCase(Locale.ROOT), i);
    }
    List<Field> wanted = target.getFields();
    sourceOf = new int[wanted.size()];
    List<String> missing = new ArrayList<>();
    for (int c = 0; c < wanted.size(); c++) {
      Integer source = byName.get(wanted.get(c).getName().toLowerCase(Locale.ROOT));
      sourceOf[c] = source == null ? -1 : source;
      if (source == null) {
        missing.add(wanted.get(c).getName());
      }
    }
    if (!missing.isEmpty()) {
      // By position only when no name matches at all (a file without a header's names, say) and
      // the counts agree: with some names matching, the others are misspelled or missing, and
      // reading them by position would put values into the wrong columns without a word.
      if (!byPosition || missing.size() != wanted.size() || fields.size() != wanted.size()) {
        throw new ConnectorException(
            file
                + ": no column "
                + String.join(", ", missing)
                + " (its columns are "
                + String.join(", ", fields.stream().map(Field::getName).toList())
                + ")");
      }
      for (int c = 0; c < wanted.size(); c++) {
        sourceOf[c] = c;
      }
    }
    converters = new ColumnConverter[wanted.size()];
    for (int c = 0; c < wanted.size(); c++) {
      converters[c] =
          ColumnConverter.of(
              file,
              fields.get(sourceOf[c]),
              wanted.get(c),
              options.timestampFormat(),
              options.dateFormat());
    }
  }

  /**
   * @return the file columns each target column reads, by index into the file's schema
   */
  int[] sourceColumns() {
    return sourceOf.clone();
  }

  /**
   * @param raw a batch of the file's columns (its vectors may be emptied)
   * @param allocator where the result lives
   * @return the batch in the target schema, owned by the caller; rows with bad values dropped when
   *     skipping
   */
  public VectorSchemaRoot conform(VectorSchemaRoot raw, BufferAllocator allocator) {
    int rows = raw.getRowCount();
    errors.nextBatch();
    long first = rowsBefore;
    rowsBefore += rows;
    List<FieldVector> out = new ArrayList<>();
    try {
      for (int c = 0; c < converters.length; c++) {
        out.add(
            converters[c].convert(
                raw.getVector(sourceOf[c]),
                rows,
                allocator,
                errors,
                row -> file + ": row " + (first + row + 1)));
      }
      BitSet dropped = errors.dropped();
      if (dropped.isEmpty()) {
        return new VectorSchemaRoot(target.getFields(), out, rows);
      }
      int[] keep = new int[rows - dropped.cardinality()];
      int k = 0;
      for (int row = dropped.nextClearBit(0); row < rows; row = dropped.nextClearBit(row + 1)) {
        keep[k++] = row;
      }
      List<FieldVector> kept = new ArrayList<>();
      try {
        for (FieldVector vector : out) {
          FieldVector copy = vector.getField().createVector(allocator);
          kept.add(copy);
          copy.setInitialCapacity(keep.length);
          copy.allocateNew();
          for (int i = 0; i < keep.length; i++) {
            copy.copyFromSafe(keep[i], i, vector);
          }
          copy.setValueCount(keep.length);
        }
      } catch (RuntimeException e) {
        kept.forEach(ValueVector::close);
        throw e;
      }
      out.forEach(ValueVector::close);
      return new VectorSchemaRoot(target.getFields(), kept, keep.length);
    } catch (RuntimeException e) {
      out.forEach(ValueVector::close);
      throw e;
    }
  }
}
