package io.tally.replay;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The producer a replay uses: idempotent, {@code acks=all}, batched; any setting overridable. */
public final class ReplayProducer {
  private ReplayProducer() {}

  /** Tally's producer settings, then the caller's (security, tuning) on top. */
  public static Map<String, Object> settings(
      String bootstrapServers, Map<String, String> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "tally-replay");
    config.putAll(overrides);
    return config;
  }

  /** A producer of encoded records (the replay encodes observations and run records itself). */
  public static Producer<String, byte[]> create(Map<String, Object> settings) {
    return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
  }
}
