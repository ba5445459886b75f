package io.tally.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The keys a processor has changed since it last published them: what lets it publish the latest
 * value of each key once per interval instead of a record per event (a day of a busy figure changes
 * with every event; its consumers want its value, not every step).
 *
 * <p>The keys are kept in a changelogged store, not only in memory: a commit that lands between two
 * publications then carries the pending keys with it, and after a crash the restored store still
 * names them, so the next publication sends their values. Nothing a commit counted can miss its
 * output record. The store is in memory (a key each) and cached, so marking a key many times before
 * a commit writes it to the changelog once.
 */
final class PendingKeys {
  /** How often a processor publishes its pending keys: Kafka Streams' exactly-once commit. */
  static final Duration INTERVAL = Duration.ofMillis(100);

  private static final byte[] MARK = {1};

  private final KeyValueStore<String, byte[]> store;

  PendingKeys(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder(String name) {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
        .withCachingEnabled();
  }

  void mark(String key) {
    store.put(key, MARK);
  }

  /** Every pending key, in key order, removed from the store. */
  List<String> drain() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(kv -> keys.add(kv.key));
    }
    for (String key : keys) {
      store.delete(key);
    }
    return keys;
  }
}
