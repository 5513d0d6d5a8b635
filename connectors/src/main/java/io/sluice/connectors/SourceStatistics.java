package io.sluice.connectors;

/**
 * What a source has read so far.
 *
 * @param files files opened
 * @param bytesRead bytes read from them (compressed bytes for a compressed file)
 * @param bytesTotal the size of the files to read, for progress
 * @param rowsRead rows read from the files
 * @param rowsSkipped rows left out because they could not be read ({@code on_error = 'skip'})
 * @param rowGroups Parquet row groups (or Arrow record batches) considered
 * @param rowGroupsSkipped of those, the ones skipped because their statistics prove no row matches
 */
public record SourceStatistics(
    int files,
    long bytesRead,
    long bytesTotal,
    long rowsRead,
    long rowsSkipped,
    long rowGroups,
    long rowGroupsSkipped) {

  /** Nothing read. */
  public static final SourceStatistics NONE = new SourceStatistics(0, 0, 0, 0, 0, 0, 0);

  /**
   * @param other more statistics
   * @return the sum of both
   */
  public SourceStatistics plus(SourceStatistics other) {
    return new SourceStatistics(
        files + other.files,
        bytesRead + other.bytesRead,
        bytesTotal + other.bytesTotal,
        rowsRead + other.rowsRead,
        rowsSkipped + other.rowsSkipped,
        rowGroups + other.rowGroups,
        rowGroupsSkipped + other.rowGroupsSkipped);
  }
}
