package io.tally.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic as a {@code read_committed} consumer sees it now: from the beginning of every
 * partition up to its last stable offset, without a consumer group. Records of one key come in
 * offset order (a key lives in one partition).
 */
final class Records {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private Records() {}

  /** One record: its key, decoded value and position. */
  record Keyed<V>(String key, V value, int partition, long offset) {}

  /** Every record of these topics up to their last stable offsets, by topic, in offset order. */
  static Map<String, List<ConsumerRecord<String, byte[]>>> readAll(
      String bootstrap, List<String> topics) {
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = new ArrayList<>();
      topics.forEach(t -> partitions.addAll(partitions(consumer, t)));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed the end offsets are the last stable offsets: everything before them
      // is decided (committed or aborted), so reading up to them is a consistent snapshot.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<String, List<ConsumerRecord<String, byte[]>>> records = new HashMap<>();
      topics.forEach(t -> records.put(t, new ArrayList<>()));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topics + " up to " + end);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            records.get(r.topic()).add(r);
          }
        }
      }
      return records;
    }
  }

  /** Decodes the values of records read by {@link #readAll}. */
  static <V> List<Keyed<V>> decode(
      List<ConsumerRecord<String, byte[]>> records, Deserializer<V> values) {
    return records.stream()
        .map(
            r ->
                new Keyed<>(
                    r.key(), values.deserialize(r.topic(), r.value()), r.partition(), r.offset()))
        .toList();
  }

  /** How many offsets the topic's partitions hold in all (records, plus markers if any). */
  static long endOffsetSum(KafkaConsumer<String, byte[]> consumer, String topic) {
    return consumer.endOffsets(partitions(consumer, topic)).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  /** A group-less read_committed consumer of String keys and raw values. */
  static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) {
      throw new AssertionError("topic " + topic + " does not exist");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
