package io.sluice.storage;

import java.util.ArrayList;
import java.util.List;

/** Puts and deletes for {@link MetadataStore#write(MetadataBatch)}, applied atomically. */
public final class MetadataBatch {

  /**
   * One change of a batch.
   *
   * @param namespace the namespace
   * @param key the key
   * @param value the new value, or null for a delete
   */
  public record Change(String namespace, String key, byte[] value) {}

  private final List<Change> changes = new ArrayList<>();

  /**
   * @param namespace the namespace
   * @param key the key
   * @param value the value
   * @return this batch
   */
  public MetadataBatch put(String namespace, String key, byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("metadata value for '" + key + "' must not be null");
    }
    changes.add(new Change(namespace, key, value.clone()));
    return this;
  }

  /**
   * @param namespace the namespace
   * @param key the key
   * @return this batch
   */
  public MetadataBatch delete(String namespace, String key) {
    changes.add(new Change(namespace, key, null));
    return this;
  }

  /**
   * @return the changes in the order they were added
   */
  public List<Change> changes() {
    return List.copyOf(changes);
  }
}
