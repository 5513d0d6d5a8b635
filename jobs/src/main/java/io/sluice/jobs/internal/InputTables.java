package io.sluice.jobs.internal;

import io.sluice.jobs.JobSpec;
import io.sluice.storage.Store;
import io.sluice.storage.Table;
import java.util.List;
import java.util.Locale;

/** Finds a job's input table as SQL would: the name as given, else lower-cased (unquoted). */
public final class InputTables {
  private InputTables() {}

  /**
   * @param store the store
   * @param name the table's name as the user gave it
   * @return the table
   * @throws IllegalArgumentException naming the tables there are, if there is no such table
   */
  public static Table find(Store store, String name) {
    return store
        .findTable(name)
        .or(() -> store.findTable(name.toLowerCase(Locale.ROOT)))
        .orElseThrow(
            () -> {
              List<String> tables =
                  store.tableNames().stream()
                      .filter(t -> !t.startsWith(JobSpec.TEMPORARY_PREFIX))
                      .toList();
              return new IllegalArgumentException(
                  "no input table "
                      + name
                      + (tables.isEmpty()
                          ? "; the store has no tables"
                          : "; tables: " + String.join(", ", tables)));
            });
  }
}
