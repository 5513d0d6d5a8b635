package io.sluice.storage.internal;

import io.sluice.storage.ScanCursor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The cursors a store has handed out and not yet seen closed, so closing the store closes them. */
public final class OpenCursors {

  private final Set<ScanCursor> cursors = ConcurrentHashMap.newKeySet();

  /**
   * @param cursor a cursor just opened
   * @return the cursor
   */
  public <T extends ScanCursor> T track(T cursor) {
    cursors.add(cursor);
    return cursor;
  }

  /**
   * @param cursor a cursor that closed
   */
  public void forget(ScanCursor cursor) {
    cursors.remove(cursor);
  }

  /**
   * @return how many cursors are open
   */
  public int size() {
    return cursors.size();
  }

  /** Closes every open cursor, releasing its snapshot and memory. */
  public void closeAll() {
    for (ScanCursor cursor : List.copyOf(cursors)) {
      cursor.close();
    }
    cursors.clear();
  }
}
