package io.sluice.sql;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Things a statement wants its user to know that are not errors (e.g. a function that runs in the
 * interpreter). Collected on the statement's thread, logged, and taken by clients such as the CLI
 * with {@link SluiceDriver#takeNotices()}.
 */
public final class Notices {
  private static final Logger LOG = LoggerFactory.getLogger(Notices.class);
  private static final ThreadLocal<List<String>> PENDING = ThreadLocal.withInitial(ArrayList::new);

  /** Notices kept per thread until taken. */
  static final int MAX_PENDING = 100;

  private Notices() {}

  /**
   * @param notice what the user should know
   */
  public static void add(String notice) {
    LOG.warn(notice);
    List<String> pending = PENDING.get();
    if (pending.size() == MAX_PENDING) {
      pending.remove(0); // a thread nobody takes notices from (a server's) keeps only the last ones
    }
    pending.add(notice);
  }

  /**
   * @return the notices of the statements run on this thread since the last call, oldest first
   */
  static List<String> take() {
    List<String> notices = new ArrayList<>(PENDING.get());
    PENDING.get().clear();
    return notices;
  }
}
