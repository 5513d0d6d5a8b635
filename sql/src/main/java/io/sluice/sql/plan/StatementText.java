package io.sluice.sql.plan;

import org.apache.calcite.runtime.Hook;

/**
 * Remembers, per thread, the text of the statement being prepared, so that shard plans can name the
 * statement they belong to in the query log. Calcite prepares a statement on one thread, from
 * parsing to planning.
 */
public final class StatementText {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  static {
    Hook.PARSE_TREE.add(
        (java.util.function.Consumer<Object[]>) args -> CURRENT.set((String) args[0]));
  }

  private StatementText() {}

  /** Installs the hook (idempotent: the hook is installed when the class loads). */
  public static void install() {}

  /**
   * @return the statement being prepared on this thread, or null
   */
  public static String current() {
    return CURRENT.get();
  }
}
