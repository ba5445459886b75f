package io.tally.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads partitions of a store from this instance's <em>active, running</em> tasks, one partition at
 * a time: a partition that is not active here (it moved, or it is a standby) or is still restoring
 * fails the whole read, so a caller never merges a stale or half-restored partition.
 */
public final class LocalStores implements PartitionReader {
  private final KafkaStreams streams;

  public LocalStores(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public <V> List<V> read(StoreSpec<V> store, Set<Integer> partitions, Selection selection) {
    List<V> values = new ArrayList<>();
    for (int partition : new TreeSet<>(partitions)) {
      try {
        ReadOnlyKeyValueStore<String, V> kv =
            streams.store(
                StoreQueryParameters.fromNameAndType(
                        store.name(), QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(partition));
        readInto(kv, selection, values);
      } catch (InvalidStateStoreException e) {
        throw new UnavailableException(
            "partition "
                + partition
                + " of "
                + store.name()
                + " is not active and running on this instance: "
                + e.getMessage(),
            e);
      }
    }
    return values;
  }

  private static <V> void readInto(
      ReadOnlyKeyValueStore<String, V> kv, Selection selection, List<V> values) {
    if (selection instanceof Selection.Key k) {
      V value = kv.get(k.key());
      if (value != null) {
        values.add(value);
      }
    } else if (selection instanceof Selection.Prefix p) {
      drain(kv.prefixScan(p.prefix(), Serdes.String().serializer()), values);
    } else {
      drain(kv.all(), values);
    }
  }

  private static <V> void drain(KeyValueIterator<String, V> entries, List<V> values) {
    try (entries) {
      while (entries.hasNext()) {
        KeyValue<String, V> next = entries.next();
        values.add(next.value);
      }
    }
  }
}
