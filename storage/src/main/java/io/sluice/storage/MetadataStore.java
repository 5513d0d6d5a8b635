package io.sluice.storage;

import java.util.Optional;
import java.util.SortedMap;

/**
 * Durable byte values under string keys, grouped in namespaces, for layers above storage (for
 * example the SQL layer's function definitions and wasm module bytes).
 *
 * <p>Every write is fsynced before it returns, whatever the store's {@link Durability}. Namespaces
 * and keys are non-empty strings; a namespace must not contain the character {@code U+0000}.
 */
public interface MetadataStore {

  /**
   * @param namespace the namespace
   * @param key the key
   * @return the value, or empty if there is none
   */
  Optional<byte[]> get(String namespace, String key);

  /**
   * @param namespace the namespace
   * @param key the key
   * @param value the value, replacing any previous one
   */
  void put(String namespace, String key, byte[] value);

  /**
   * @param namespace the namespace
   * @param key the key; nothing happens if it has no value
   */
  void delete(String namespace, String key);

  /**
   * @param namespace the namespace
   * @param keyPrefix a key prefix, empty for every key of the namespace
   * @return the keys starting with the prefix and their values, in key order
   */
  SortedMap<String, byte[]> list(String namespace, String keyPrefix);

  /**
   * Applies every put and delete of a batch atomically: after a crash either all are visible or
   * none.
   *
   * @param batch the changes
   */
  void write(MetadataBatch batch);
}
