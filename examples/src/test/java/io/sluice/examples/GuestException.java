package io.sluice.examples;

import java.util.List;

/** A guest call that failed by status or by sluice_v1.error, as {@link TestHost} saw it. */
final class GuestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final List<String> messages;
  private final List<Integer> rows;

  GuestException(String export, int status, List<String> messages, List<Integer> rows) {
    super(export + " failed with status " + status + ": " + messages + " at rows " + rows);
    this.status = status;
    this.messages = List.copyOf(messages);
    this.rows = List.copyOf(rows);
  }

  int status() {
    return status;
  }

  /** The messages the guest reported through sluice_v1.error, in order. */
  List<String> messages() {
    return messages;
  }

  /** The row argument of each sluice_v1.error call. */
  List<Integer> rows() {
    return rows;
  }
}
