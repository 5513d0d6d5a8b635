package io.sluice.wasidata;

/**
 * A guest function call that failed: the guest reported an error, returned something that breaks
 * the ABI, trapped, exceeded its output limit or ran out of memory. The message names the function
 * and, when known, the row, e.g. {@code function url_host failed on row 17: invalid UTF-8 at row
 * 17}; the tail of the guest's log travels along for the SQL error.
 */
public final class GuestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the call failed. */
  public enum Kind {
    /** The guest returned a failing status or called {@code sluice_v1.error}. */
    GUEST_ERROR,
    /** The guest returned a result that breaks the ABI (bounds, lengths, offsets, UTF-8...). */
    INVALID_RESULT,
    /** The guest trapped; the instance must be thrown away. */
    TRAP,
    /** The output exceeded the rows or bytes the host allows one call. */
    OUTPUT_LIMIT,
    /** The guest could not allocate the memory the host needs to pass a batch. */
    OUT_OF_MEMORY
  }

  private final String function;
  private final Kind kind;
  private final long row;
  private final String logTail;

  /**
   * @param message the full message
   * @param function the SQL function's name
   * @param kind why it failed
   * @param row the batch row concerned, or -1
   * @param logTail the newest part of the guest's log, possibly empty
   * @param cause the underlying exception (a Chicory trap), or null
   */
  public GuestException(
      String message, String function, Kind kind, long row, String logTail, Throwable cause) {
    super(message, cause);
    this.function = function;
    this.kind = kind;
    this.row = row;
    this.logTail = logTail;
  }

  /**
   * @return the SQL function's name
   */
  public String function() {
    return function;
  }

  /**
   * @return why the call failed
   */
  public Kind kind() {
    return kind;
  }

  /**
   * @return the row of the batch the failure concerns, or -1 when it concerns no single row
   */
  public long row() {
    return row;
  }

  /**
   * @return the newest bytes of the guest's log (its {@code sluice_v1.log} calls and WASI
   *     stdout/stderr) when the call failed; empty when it logged nothing
   */
  public String logTail() {
    return logTail;
  }
}
