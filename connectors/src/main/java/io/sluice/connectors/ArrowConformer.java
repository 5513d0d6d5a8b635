package io.sluice.connectors;

import io.sluice.connectors.internal.ConformingReader;
import io.sluice.connectors.internal.FileTypes;
import io.sluice.connectors.internal.RowErrors;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns Arrow batches a client sends (any Arrow types: nanosecond timestamps from pandas, large
 * strings from polars, unsigned integers) into batches of a table's columns, the way files are
 * read, except that columns match by name only (ignoring case): values converted with range checks.
 */
public final class ArrowConformer {
  private final ConformingReader reader;
  private final RowErrors errors;

  private ArrowConformer(ConformingReader reader, RowErrors errors) {
    this.reader = reader;
    this.errors = errors;
  }

  /**
   * @param what names the input in errors, e.g. {@code the upload}
   * @param arrow an Arrow schema
   * @return the Sluice schema it reads as (every column nullable)
   * @throws ConnectorException naming a column whose type Sluice cannot store
   */
  public static Schema sluiceSchema(String what, Schema arrow) {
    return FileTypes.toSluice(what, arrow);
  }

  /**
   * @param what names the input in errors
   * @param source the batches' schema
   * @param target the table's columns
   * @param onError whether a row with a value that does not fit fails or is skipped
   * @return the conformer
   * @throws ConnectorException if a column is missing or cannot convert
   */
  public static ArrowConformer of(
      String what, Schema source, Schema target, FileOptions.OnError onError) {
    RowErrors errors = new RowErrors(onError);
    return new ArrowConformer(
        new ConformingReader(what, source, target, FileOptions.defaults(), errors, false), errors);
  }

  /**
   * @param batch a batch of the source schema; its vectors may be emptied
   * @param allocator where the result lives
   * @return the batch as the target's columns, owned by the caller
   * @throws ConnectorException for a value that does not fit, unless skipping
   */
  public VectorSchemaRoot conform(VectorSchemaRoot batch, BufferAllocator allocator) {
    return reader.conform(batch, allocator);
  }

  /**
   * @return rows skipped so far
   */
  public long skipped() {
    return errors.skipped();
  }

  /**
   * @return why the first skipped rows were skipped
   */
  public List<String> reasons() {
    return errors.reasons();
  }
}
