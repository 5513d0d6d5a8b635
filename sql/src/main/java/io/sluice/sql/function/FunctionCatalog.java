package io.sluice.sql.function;

import io.sluice.storage.MetadataBatch;
import io.sluice.storage.MetadataStore;
import io.sluice.udf.UdfFunction;
import io.sluice.udf.UdfRuntime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable catalog of wasm functions of one store. Definitions and module bytes live in the
 * store's metadata (module bytes once per SHA-256, however many functions use them); every change
 * is one atomic metadata write, so a crash keeps either the old catalog or the new one.
 */
public final class FunctionCatalog implements AutoCloseable {
  /** Metadata namespace of function definitions, keyed by function name. */
  static final String FUNCTIONS = "functions";

  /** Metadata namespace of module bytes, keyed by SHA-256. */
  static final String MODULES = "modules";

  private final MetadataStore metadata;
  private final UdfRuntime runtime;
  private final Map<String, WasmFunctionVersion> current = new ConcurrentHashMap<>();

  /**
   * Reads every stored definition; modules are compiled only when a function is first used.
   *
   * @param metadata the store's metadata
   * @param runtime the sandbox that runs the functions
   */
  public FunctionCatalog(MetadataStore metadata, UdfRuntime runtime) {
    this.metadata = metadata;
    this.runtime = runtime;
    for (Map.Entry<String, byte[]> entry : metadata.list(FUNCTIONS, "").entrySet()) {
      WasmFunctionDefinition definition =
          WasmFunctionDefinition.decode(entry.getKey(), entry.getValue());
      current.put(key(definition.name()), version(definition, null));
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private WasmFunctionVersion version(WasmFunctionDefinition definition, UdfFunction loaded) {
    String sha = definition.moduleSha256();
    return new WasmFunctionVersion(definition, runtime, () -> moduleBytes(sha), loaded);
  }

  /**
   * @param sha256 a module's content address
   * @return its bytes
   * @throws IllegalStateException if the store lacks them (a corrupt catalog)
   */
  public byte[] moduleBytes(String sha256) {
    return metadata
        .get(MODULES, sha256)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the catalog has no module with SHA-256 " + sha256 + "; the store is corrupt"));
  }

  /**
   * @return the sandbox that runs the functions
   */
  public UdfRuntime runtime() {
    return runtime;
  }

  /**
   * @param name a function name
   * @return its current version
   */
  public Optional<WasmFunctionVersion> find(String name) {
    return Optional.ofNullable(current.get(key(name)));
  }

  /**
   * @return every current version, by name
   */
  public List<WasmFunctionVersion> all() {
    List<WasmFunctionVersion> all = new ArrayList<>(current.values());
    all.sort(Comparator.comparing(WasmFunctionVersion::name));
    return all;
  }

  /**
   * Stores a function (and its module, unless already stored) atomically and makes it current.
   *
   * @param definition the function
   * @param moduleBytes its module's bytes
   * @param replace whether an existing function of that name is replaced
   * @param loaded the sandbox function CREATE already made and validated, adopted by the version
   * @return the new current version
   * @throws IllegalArgumentException when the name is taken and {@code replace} is false
   */
  public synchronized WasmFunctionVersion create(
      WasmFunctionDefinition definition, byte[] moduleBytes, boolean replace, UdfFunction loaded) {
    String key = key(definition.name());
    WasmFunctionVersion previous = current.get(key);
    if (previous != null && !replace) {
      throw new IllegalArgumentException("function " + definition.name() + " already exists");
    }
    long version = previous == null ? 1 : previous.definition().version() + 1;
    WasmFunctionDefinition stored =
        new WasmFunctionDefinition(
            definition.descriptor(),
            definition.moduleSha256(),
            definition.limits(),
            definition.source(),
            definition.created(),
            version);
    MetadataBatch batch = new MetadataBatch();
    batch.put(FUNCTIONS, key, stored.encode());
    if (metadata.get(MODULES, stored.moduleSha256()).isEmpty()) {
      batch.put(MODULES, stored.moduleSha256(), moduleBytes);
    }
    if (previous != null) {
      String previousSha = previous.definition().moduleSha256();
      previous.retire(() -> moduleBytes(previousSha));
      if (!usedByOthers(previousSha, key, stored)) {
        batch.delete(MODULES, previousSha);
      }
    }
    metadata.write(batch);
    WasmFunctionVersion created = version(stored, loaded);
    current.put(key, created);
    if (previous != null) {
      previous.release();
    }
    return created;
  }

  /**
   * Drops a function, and its module when no other function uses it, atomically.
   *
   * @param name the function
   * @return whether it existed
   */
  public synchronized boolean drop(String name) {
    String key = key(name);
    WasmFunctionVersion previous = current.get(key);
    if (previous == null) {
      return false;
    }
    MetadataBatch batch = new MetadataBatch();
    batch.delete(FUNCTIONS, key);
    String sha = previous.definition().moduleSha256();
    previous.retire(() -> moduleBytes(sha));
    if (!usedByOthers(sha, key, null)) {
      batch.delete(MODULES, sha);
    }
    metadata.write(batch);
    current.remove(key);
    previous.release();
    return true;
  }

  /** Whether a module is used by a function other than {@code key} (or by {@code incoming}). */
  private boolean usedByOthers(String sha, String key, WasmFunctionDefinition incoming) {
    if (incoming != null && incoming.moduleSha256().equals(sha)) {
      return true;
    }
    for (Map.Entry<String, WasmFunctionVersion> entry : current.entrySet()) {
      if (!entry.getKey().equals(key) && entry.getValue().definition().moduleSha256().equals(sha)) {
        return true;
      }
    }
    return false;
  }

  /** Releases every current version (the engine is closing). */
  @Override
  public synchronized void close() {
    current.values().forEach(WasmFunctionVersion::release);
    current.clear();
  }
}
