package io.sluice.wasidata.internal;

import io.sluice.wasidata.GuestException;

/**
 * Why a guest call failed, as the codec finds out, before {@code Guest} adds the function's name
 * and the log tail to make it a {@link GuestException}.
 */
public final class CallFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final GuestException.Kind kind;
  private final long row;
  private boolean withoutMessage;

  /**
   * @param kind why the call failed
   * @param row the batch row concerned, or -1
   * @param detail what was wrong, e.g. {@code offsets[5] = 12 is less than offsets[4] = 40}
   * @param cause the underlying exception, or null
   */
  public CallFailure(GuestException.Kind kind, long row, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.kind = kind;
    this.row = row;
  }

  /**
   * @param row the batch row concerned, or -1
   * @param detail what the guest returned and what was expected instead
   * @return an INVALID_RESULT failure
   */
  public static CallFailure invalid(long row, String detail) {
    return new CallFailure(GuestException.Kind.INVALID_RESULT, row, detail, null);
  }

  /**
   * @param row the row the guest named, or -1
   * @param message the guest's message, or null when it gave none
   * @param status the status the guest returned
   * @return a GUEST_ERROR failure
   */
  public static CallFailure guestError(long row, String message, int status) {
    String detail =
        message != null ? message : "returned status " + status + " without an error message";
    CallFailure f = new CallFailure(GuestException.Kind.GUEST_ERROR, row, detail, null);
    f.withoutMessage = message == null;
    return f;
  }

  /**
   * @param detail which limit and by how much
   * @return an OUTPUT_LIMIT failure
   */
  public static CallFailure outputLimit(String detail) {
    return new CallFailure(GuestException.Kind.OUTPUT_LIMIT, -1, detail, null);
  }

  /**
   * The message of the {@link GuestException} this failure becomes, in the form ABI.md section 7
   * gives: {@code function url_host failed on row 17: invalid UTF-8 at row 17}.
   *
   * @param function the SQL function's name
   * @return the message
   */
  public String describe(String function) {
    String prefix = "function " + function;
    String where = row >= 0 ? " on row " + row : "";
    switch (kind) {
      case GUEST_ERROR:
        return withoutMessage
            ? prefix + " " + getMessage()
            : prefix + " failed" + where + ": " + getMessage();
      case INVALID_RESULT:
        return prefix + " returned an invalid result: " + getMessage();
      case TRAP:
        return prefix + " trapped" + where + ": " + getMessage();
      case OUTPUT_LIMIT:
        return prefix + " exceeded its output limit: " + getMessage();
      default:
        return prefix + " failed: " + getMessage();
    }
  }

  /**
   * @return why the call failed
   */
  public GuestException.Kind kind() {
    return kind;
  }

  /**
   * @return the batch row concerned, or -1
   */
  public long row() {
    return row;
  }
}
