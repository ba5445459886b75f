package io.tally.query;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@link Placement} from Kafka Streams' own metadata ({@code application.server} of every instance
 * and the assignment of the last rebalance). Keys are placed with the default partitioner, as the
 * producer and the topology's repartition steps place them; "every partition" asks the same
 * metadata for each partition number in turn, so it needs no topic names.
 */
public final class StreamsPlacement implements Placement {
  private static final Serializer<String> KEYS = Serdes.String().serializer();

  private final KafkaStreams streams;

  public StreamsPlacement(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public Owner ownerOf(String store, String key) {
    KeyQueryMetadata metadata =
        metadata(store, () -> streams.queryMetadataForKey(store, key, KEYS));
    return owner(store, metadata);
  }

  @Override
  public Map<HostInfo, Set<Integer>> owners(String store) {
    FixedPartition first = new FixedPartition(0);
    owner(store, metadata(store, () -> streams.queryMetadataForKey(store, "", first)));
    if (first.partitionCount <= 0) {
      throw new UnavailableException("the partitions of " + store + " are not known yet");
    }
    Map<HostInfo, Set<Integer>> owners =
        new TreeMap<>(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port));
    for (int p = 0; p < first.partitionCount; p++) {
      FixedPartition fixed = new FixedPartition(p);
      Owner owner =
          owner(store, metadata(store, () -> streams.queryMetadataForKey(store, "", fixed)));
      owners.computeIfAbsent(owner.host(), h -> new TreeSet<>()).add(p);
    }
    return owners;
  }

  /**
   * Places any key in one given partition, and notes how many partitions the store's source topics
   * have (Kafka Streams passes the count in).
   */
  private static final class FixedPartition implements StreamPartitioner<String, Object> {
    private final int partition;
    private int partitionCount;

    FixedPartition(int partition) {
      this.partition = partition;
    }

    @Override
    public Optional<Set<Integer>> partitions(
        String topic, String key, Object value, Headers headers, int numPartitions) {
      partitionCount = numPartitions;
      return Optional.of(Set.of(partition));
    }

    @Override
    @SuppressWarnings("removal") // still abstract; Kafka Streams calls the one with headers
    public Optional<Set<Integer>> partitions(
        String topic, String key, Object value, int numPartitions) {
      return partitions(topic, key, value, null, numPartitions);
    }
  }

  private static KeyQueryMetadata metadata(String store, Supplier<KeyQueryMetadata> query) {
    KeyQueryMetadata metadata;
    try {
      metadata = query.get();
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // Not started yet, or shutting down / failed: nobody can say where the key lives.
      throw new UnavailableException(
          "Kafka Streams cannot place " + store + " now: " + e.getMessage(), e);
    }
    if (metadata == null) {
      throw new IllegalStateException("the topology has no queryable store named " + store);
    }
    return metadata;
  }

  private static Owner owner(String store, KeyQueryMetadata metadata) {
    if (metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
        || metadata.activeHost().equals(HostInfo.unavailable())) {
      throw new UnavailableException(
          "partition "
              + metadata.partition()
              + " of "
              + store
              + " has no active owner right now (the instances are rebalancing)");
    }
    return new Owner(metadata.activeHost(), metadata.partition());
  }
}
