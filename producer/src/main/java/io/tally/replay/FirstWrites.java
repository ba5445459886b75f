package io.tally.replay;

import io.tally.topics.Keys;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;

/**
 * Sends the replay's first record to each partition on its own, and waits until it is acknowledged,
 * before any other record goes to that partition.
 *
 * <p>Why: a broker that holds no state yet for an idempotent producer on a partition accepts any
 * first sequence number (KIP-360). When the producer's first request to a partition fails with a
 * retriable error (NOT_LEADER_OR_FOLLOWER while the broker restarts or a leader moves) and a later
 * request, already in flight, lands, the first one can never be written: the broker answers every
 * retry with OUT_OF_ORDER_SEQUENCE_NUMBER, the producer retries until {@code delivery.timeout.ms}
 * and the replay fails with "Expiring N record(s)". This is KAFKA-15591 (the broker's fix, for
 * partitions never written, comes with Kafka 4.5); {@code BrokerRestartIT} met it about once in
 * seven runs. Once a record of this producer is acknowledged on a partition, the broker checks
 * every later sequence against it and the producer's own ordering holds. The cost is one round trip
 * per partition and run.
 *
 * <p>The partition of a keyed record is the one Kafka's default partitioner picks (murmur2 of the
 * key); a record with neither key nor partition is sent without waiting. Not thread-safe: the
 * replay sends from one thread.
 */
final class FirstWrites {
  private final Producer<String, byte[]> producer;
  private final Map<String, Partitions> topics = new HashMap<>();
  // The partition of each key seen while some partition is not written yet (keys repeat: one per
  // figure).
  private final Map<String, Integer> partitionOfKey = new HashMap<>();

  /** One topic's partitions, and which of them this producer has written to. */
  private static final class Partitions {
    final int count;
    final BitSet written = new BitSet();

    Partitions(int count) {
      this.count = count;
    }

    boolean allWritten() {
      return written.cardinality() >= count;
    }
  }

  FirstWrites(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  /**
   * Sends {@code record}; if it is the first to its partition, flushes the producer and returns
   * once it is acknowledged or has failed (the callback says which).
   */
  Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
    Partitions partitions = topics.computeIfAbsent(record.topic(), this::describe);
    if (partitions.allWritten()) {
      return producer.send(record, callback);
    }
    Integer partition = record.partition();
    if (partition == null && record.key() != null) {
      partition =
          partitionOfKey.computeIfAbsent(
              record.key(), key -> Keys.partition(key, partitions.count));
    }
    if (partition == null || partitions.written.get(partition)) {
      return producer.send(record, callback);
    }
    Future<RecordMetadata> sent = producer.send(record, callback);
    producer.flush();
    if (sent.isDone() && !failed(sent)) {
      partitions.written.set(partition);
      if (partitions.allWritten()) {
        partitionOfKey.clear();
      }
    }
    return sent;
  }

  private Partitions describe(String topic) {
    List<PartitionInfo> info = producer.partitionsFor(topic);
    // Unknown partitions: nothing to guard (allWritten() is true for a count of 0).
    return new Partitions(info == null ? 0 : info.size());
  }

  private static boolean failed(Future<RecordMetadata> sent) {
    try {
      sent.get();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
