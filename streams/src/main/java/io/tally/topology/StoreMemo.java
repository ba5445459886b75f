package io.tally.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The values a processor last wrote to its store, decoded, by key: a bounded, least recently used
 * memo in front of the store, so that the next event of a key skips the store's lookup (a search of
 * Kafka Streams' record cache, ordered by key bytes) and the decoding of the value.
 *
 * <p>Never the source of truth. The processor still writes every value to the store; it empties the
 * memo whenever it is initialised or closed (Kafka Streams closes a task's processors when it is
 * revoked, or closed dirty after an aborted transaction, and initialises them again once its stores
 * are restored from their changelogs), and forgets a key whose processing failed half way. So the
 * memo holds, for each key it has, exactly what the store holds.
 *
 * <p>Values may be mutable: a processor changes one only on its way to the store. One instance per
 * processor, used by its stream thread only.
 */
final class StoreMemo<V> {
  /** Keys per processor instance (one per task): the hot keys of a partition, not all of them. */
  static final int DEFAULT_CAPACITY = 4096;

  private final Map<String, V> values;

  StoreMemo(int capacity) {
    this.values =
        new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The value last written for the key, or null if the memo does not have it. */
  @Nullable V get(String key) {
    return values.get(key);
  }

  void put(String key, V value) {
    values.put(key, value);
  }

  void forget(String key) {
    values.remove(key);
  }

  void clear() {
    values.clear();
  }

  int size() {
    return values.size();
  }
}
