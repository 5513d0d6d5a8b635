package io.sluice.sql;

import io.sluice.storage.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Shares one {@link SluiceEngine} per data directory among the connections of a process: the first
 * connection opens it, the last one to close closes it (releasing the directory lock).
 */
public final class EngineRegistry {
  private static final Map<Path, Entry> ENGINES = new HashMap<>();

  private EngineRegistry() {}

  private static final class Entry {
    final SluiceEngine engine;
    int references;

    Entry(SluiceEngine engine) {
      this.engine = engine;
    }
  }

  /**
   * @param directory a data directory
   * @param options how to open its store if it is not open yet
   * @return its engine; call {@link #release} exactly once when done
   */
  public static synchronized SluiceEngine acquire(Path directory, StoreOptions options) {
    Path key = canonical(directory);
    Entry entry = ENGINES.get(key);
    if (entry == null) {
      entry = new Entry(SluiceEngine.open(key, options));
      ENGINES.put(key, entry);
    }
    entry.references++;
    return entry.engine;
  }

  /**
   * @param engine an engine from {@link #acquire}
   */
  public static synchronized void release(SluiceEngine engine) {
    Entry entry = ENGINES.get(engine.directory());
    if (entry == null || entry.engine != engine) {
      return;
    }
    if (--entry.references == 0) {
      ENGINES.remove(engine.directory());
      engine.close();
    }
  }

  private static Path canonical(Path directory) {
    try {
      Path absolute = directory.toAbsolutePath().normalize();
      return Files.exists(absolute) ? absolute.toRealPath() : absolute;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve data directory " + directory, e);
    }
  }
}
