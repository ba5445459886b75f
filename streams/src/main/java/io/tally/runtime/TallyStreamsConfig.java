package io.tally.runtime;

import io.tally.topics.Topics;
import io.tally.topology.GuardedObserver;
import io.tally.topology.TallyObserver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The client settings of the Streams application, and the one place that turns them into Kafka
 * Streams {@link Properties}. Layering defaults, files, environment and flags is the CLI's job;
 * this record only holds the result.
 *
 * @param bootstrapServers the Kafka cluster
 * @param applicationId the Streams application id: the consumer group and the prefix of every
 *     internal topic, so changing it starts from scratch
 * @param stateDir where RocksDB keeps local state
 * @param replicationFactor replication of internal topics; -1 takes the broker's default, 1 for a
 *     single-node broker
 * @param standbyReplicas warm copies of each store on other instances
 * @param deadLetterTopic where Kafka Streams' own exception handlers write dead letters
 * @param overrides any other Streams, consumer or producer property (TLS/SASL settings, ...),
 *     applied last, so they win over everything above
 */
public record TallyStreamsConfig(
    String bootstrapServers,
    String applicationId,
    Path stateDir,
    int replicationFactor,
    int standbyReplicas,
    String deadLetterTopic,
    Map<String, String> overrides) {

  public static final String DEFAULT_APPLICATION_ID = "tally-streams";

  /**
   * The config key under which {@link #properties(TallyObserver)} passes the observer object to the
   * exception handlers (Kafka configs may hold objects; the handlers read it in {@code configure}).
   */
  public static final String OBSERVER_CONFIG = "tally.observer";

  public TallyStreamsConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    overrides = Map.copyOf(overrides);
    if (replicationFactor != -1 && replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replicationFactor must be -1 (broker default) or at least 1: " + replicationFactor);
    }
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException(
          "standbyReplicas must not be negative: " + standbyReplicas);
    }
  }

  /** Without the overrides' values: they may hold passwords and keys. */
  @Override
  public String toString() {
    return "TallyStreamsConfig[bootstrapServers="
        + bootstrapServers
        + ", applicationId="
        + applicationId
        + ", stateDir="
        + stateDir
        + ", replicationFactor="
        + replicationFactor
        + ", standbyReplicas="
        + standbyReplicas
        + ", deadLetterTopic="
        + deadLetterTopic
        + ", overrides="
        + new java.util.TreeSet<>(overrides.keySet())
        + " (values not shown)]";
  }

  /** Application id {@code tally-streams}, the broker's replication factor, no standbys. */
  public static TallyStreamsConfig defaults(String bootstrapServers, Path stateDir) {
    return new TallyStreamsConfig(
        bootstrapServers, DEFAULT_APPLICATION_ID, stateDir, -1, 0, Topics.DEAD_LETTERS, Map.of());
  }

  public TallyStreamsConfig withApplicationId(String id) {
    return new TallyStreamsConfig(
        bootstrapServers,
        id,
        stateDir,
        replicationFactor,
        standbyReplicas,
        deadLetterTopic,
        overrides);
  }

  public TallyStreamsConfig withReplicationFactor(int factor) {
    return new TallyStreamsConfig(
        bootstrapServers,
        applicationId,
        stateDir,
        factor,
        standbyReplicas,
        deadLetterTopic,
        overrides);
  }

  public TallyStreamsConfig withStandbyReplicas(int standbys) {
    return new TallyStreamsConfig(
        bootstrapServers,
        applicationId,
        stateDir,
        replicationFactor,
        standbys,
        deadLetterTopic,
        overrides);
  }

  public TallyStreamsConfig withOverrides(Map<String, String> more) {
    return new TallyStreamsConfig(
        bootstrapServers,
        applicationId,
        stateDir,
        replicationFactor,
        standbyReplicas,
        deadLetterTopic,
        more);
  }

  /**
   * How long the producer waits before retrying a send, at first (it doubles on each retry of the
   * same batch). Under exactly-once, the first sends of a transaction are refused with {@code
   * CONCURRENT_TRANSACTIONS} until the broker has finished committing the previous one, which takes
   * a few milliseconds; the client's default of 100 ms then holds every total of the new
   * transaction back by 100 ms (see {@code docs/performance.md}).
   */
  static final int PRODUCER_RETRY_BACKOFF_MS = 10;

  /**
   * Kafka Streams' record cache, for all the stores of a stream thread (Kafka's default: 10 MiB).
   * The cache is what folds a key's writes into one changelog record and one output record per
   * commit; once full it evicts, and each eviction writes and forwards at once, per event. At
   * 10,000 figures Tally's stores hold more than 10 MiB, and a quarter of the stream thread went to
   * evicting (see {@code docs/performance.md}). On the heap, within {@code -Xmx}.
   */
  static final long RECORD_CACHE_BYTES = 128L * 1024 * 1024;

  /**
   * The Streams properties: exactly-once v2, String keys, Tally's counting exception handlers
   * writing to {@link #deadLetterTopic}, and the observer they report to. The commit interval is
   * left at its exactly-once default (100 ms), which bounds end-to-end latency from below; the
   * producer retries a refused send after {@value #PRODUCER_RETRY_BACKOFF_MS} ms rather than 100;
   * the record cache holds {@value #RECORD_CACHE_BYTES} bytes.
   */
  public Properties properties(TallyObserver observer) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        CountingDeserializationExceptionHandler.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        CountingProcessingExceptionHandler.class);
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        SkippingProductionExceptionHandler.class);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
        PRODUCER_RETRY_BACKOFF_MS);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, RECORD_CACHE_BYTES);
    props.put(OBSERVER_CONFIG, GuardedObserver.of(observer));
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    // Changelog and repartition records carry event times, which a what-if scenario may set in
    // the future; the broker's default refuses timestamps more than an hour ahead.
    props.put(
        StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
        String.valueOf(Long.MAX_VALUE));
    props.putAll(overrides);
    return props;
  }

  /** The observer passed by {@link #properties(TallyObserver)}, or a no-op one. */
  static TallyObserver observerFrom(Map<String, ?> configs) {
    Object observer = configs.get(OBSERVER_CONFIG);
    return observer instanceof TallyObserver o ? GuardedObserver.of(o) : TallyObserver.NOOP;
  }
}
