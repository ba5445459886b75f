package io.tally.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Test fixture: reads a topic as a downstream consumer would, {@code read_committed}, from the
 * beginning up to the last stable offset of every partition as it is when the read starts; values
 * stay bytes so a test decodes them however it wants.
 */
final class CommittedRecords {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private CommittedRecords() {}

  static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tally-it-reader");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed, the end offsets are the last stable offsets.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "could not read " + topic + " up to " + end + " within " + READ_TIMEOUT);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** The latest value per key, decoded; keys in order of their latest record's arrival. */
  static <V> Map<String, V> latest(
      String bootstrapServers, String topic, Function<byte[], V> decode) {
    Map<String, V> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : read(bootstrapServers, topic)) {
      latest.remove(r.key());
      latest.put(r.key(), decode.apply(r.value()));
    }
    return latest;
  }
}
