package io.sluice.connectors.internal;

import io.sluice.connectors.BadValueException;
import io.sluice.connectors.ConnectorException;
import io.sluice.connectors.FileOptions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What a reader does with rows it cannot read: under {@code on_error = 'abort'} the first one fails
 * the read with a message naming the file, the position and the column; under {@code skip} the row
 * is dropped from its batch, counted, and the first {@link #KEPT} reasons are kept for the report.
 */
public final class RowErrors {
  /** How many reasons a skipping read keeps. */
  public static final int KEPT = 10;

  private final FileOptions.OnError mode;
  private final BitSet dropped = new BitSet();
  private final List<String> reasons = new ArrayList<>();
  private long skipped;

  /**
   * @param mode abort or skip
   */
  public RowErrors(FileOptions.OnError mode) {
    this.mode = mode;
  }

  /**
   * @return whether bad rows are skipped rather than fatal
   */
  public boolean skipping() {
    return mode == FileOptions.OnError.SKIP;
  }

  /**
   * Reports a row that cannot be read.
   *
   * @param row the row's index in the batch being built (reported once however many of its values
   *     are bad), or -1 for a reader that reuses the row of a rejected record
   * @param where the file and position, e.g. {@code data.csv: line 12}
   * @param column the column, or null when the row as a whole is bad
   * @param problem what is wrong
   * @throws ConnectorException when not skipping
   */
  public void bad(int row, String where, String column, String problem) {
    String message = where + (column == null ? "" : ", column '" + column + "'") + ": " + problem;
    if (mode == FileOptions.OnError.ABORT) {
      throw new ConnectorException(message);
    }
    if (row < 0 || !dropped.get(row)) {
      if (row >= 0) {
        dropped.set(row);
      }
      skipped++;
      if (reasons.size() < KEPT) {
        reasons.add(message);
      }
    }
  }

  /**
   * @param row the row's index in the batch being built
   * @param where the file and position
   * @param column the column
   * @param e the conversion failure
   */
  public void bad(int row, String where, String column, BadValueException e) {
    bad(row, where, column, e.getMessage());
  }

  /**
   * @return rows of the current batch to drop (cleared by {@link #nextBatch()})
   */
  public BitSet dropped() {
    return dropped;
  }

  /** Starts a new batch: forgets which rows of the last one were dropped. */
  public void nextBatch() {
    dropped.clear();
  }

  /**
   * @return rows skipped so far
   */
  public long skipped() {
    return skipped;
  }

  /**
   * @return the first reasons rows were skipped
   */
  public List<String> reasons() {
    return List.copyOf(reasons);
  }
}
