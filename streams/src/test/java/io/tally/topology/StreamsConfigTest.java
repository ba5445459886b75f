package io.tally.topology;

import static io.tally.topics.Headers.DLQ_DETAIL;
import static io.tally.topics.Headers.DLQ_OFFSET;
import static io.tally.topics.Headers.DLQ_REASON;
import static io.tally.topology.FigureEvents.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.runtime.CountingDeserializationExceptionHandler;
import io.tally.runtime.CountingProcessingExceptionHandler;
import io.tally.runtime.TallyStreamsConfig;
import io.tally.topics.Topics;
import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import io.tally.topology.FigureEvents.RecordingObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Streams properties, the counting exception handlers, and the guarded observer. */
class StreamsConfigTest {
  @TempDir Path stateDir;

  @Test
  void propertiesCarryExactlyOnceHandlersAndTheDeadLetterTopic() {
    RecordingObserver observer = new RecordingObserver();
    Properties props =
        TallyStreamsConfig.defaults("broker:9092", stateDir)
            .withReplicationFactor(1)
            .withStandbyReplicas(1)
            .withOverrides(Map.of("security.protocol", "SSL"))
            .properties(observer);

    StreamsConfig config = new StreamsConfig(props);
    assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("tally-streams");
    assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(1);
    assertThat(config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
    assertThat(config.getString(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo(stateDir.toString());
    assertThat(config.getString(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
        .isEqualTo(Topics.DEAD_LETTERS);
    assertThat(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
    assertThat(config.processingExceptionHandler())
        .isInstanceOf(CountingProcessingExceptionHandler.class);
    assertThat(config.deserializationExceptionHandler())
        .isInstanceOf(CountingDeserializationExceptionHandler.class);
    assertThat(props.get("security.protocol")).isEqualTo("SSL");
  }

  @Test
  void theProducerRetriesARefusedSendSoonerThanTheClientDefault() {
    Properties props =
        TallyStreamsConfig.defaults("broker:9092", stateDir).properties(TallyObserver.NOOP);
    StreamsConfig config = new StreamsConfig(props);
    Map<String, Object> producer = config.getProducerConfigs("client");
    assertThat(producer.get(ProducerConfig.RETRY_BACKOFF_MS_CONFIG)).isEqualTo(10);

    Properties overridden =
        TallyStreamsConfig.defaults("broker:9092", stateDir)
            .withOverrides(Map.of("producer.retry.backoff.ms", "100"))
            .properties(TallyObserver.NOOP);
    assertThat(new StreamsConfig(overridden).getProducerConfigs("client"))
        .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
  }

  @Test
  void theRecordCacheHoldsTenThousandFiguresAndCanBeOverridden() {
    Properties props =
        TallyStreamsConfig.defaults("broker:9092", stateDir).properties(TallyObserver.NOOP);
    assertThat(new StreamsConfig(props).getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG))
        .isEqualTo(128L * 1024 * 1024);

    Properties overridden =
        TallyStreamsConfig.defaults("broker:9092", stateDir)
            .withOverrides(Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "1048576"))
            .properties(TallyObserver.NOOP);
    assertThat(
            new StreamsConfig(overridden).getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG))
        .isEqualTo(1024L * 1024);
  }

  @Test
  void settingsAreValidated() {
    TallyStreamsConfig defaults = TallyStreamsConfig.defaults("b:1", stateDir);
    assertThatThrownBy(() -> defaults.withReplicationFactor(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withStandbyReplicas(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void processingHandlerDeadLettersWithTallyHeadersAndCounts() {
    RecordingObserver observer = new RecordingObserver();
    CountingProcessingExceptionHandler handler = new CountingProcessingExceptionHandler();
    handler.configure(handlerConfigs(observer));
    byte[] raw = "original".getBytes(StandardCharsets.UTF_8);

    var response =
        handler.handleError(
            context(raw), new Record<>("k", "v", 0L), new IllegalStateException("bug"));

    List<ProducerRecord<byte[], byte[]>> letters = response.deadLetterQueueRecords();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).topic()).isEqualTo(Topics.DEAD_LETTERS);
    assertThat(letters.get(0).value()).isEqualTo(raw);
    Headers headers = letters.get(0).headers();
    assertThat(header(headers, DLQ_REASON)).isEqualTo("processing-error");
    assertThat(header(headers, DLQ_DETAIL)).isEqualTo("bug");
    assertThat(header(headers, DLQ_OFFSET)).isEqualTo("17");
    assertThat(observer.deadLetters).containsExactly("processing-error");
  }

  @Test
  void deserializationHandlerDeadLettersWithTallyHeadersAndCounts() {
    RecordingObserver observer = new RecordingObserver();
    CountingDeserializationExceptionHandler handler = new CountingDeserializationExceptionHandler();
    handler.configure(handlerConfigs(observer));
    byte[] raw = {1, 2, 3};

    var response =
        handler.handleError(
            context(raw),
            new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                Topics.FIGURE_EVENTS, 0, 17, new byte[0], raw),
            new IllegalArgumentException("bad key"));

    assertThat(header(response.deadLetterQueueRecords().get(0).headers(), DLQ_REASON))
        .isEqualTo("undecodable");
    assertThat(observer.deadLetters).containsExactly("undecodable");
  }

  @Test
  void aThrowingObserverChangesNothingThatIsCounted() {
    RecordingObserver failing = new RecordingObserver();
    failing.failing = true;
    Figure merchants = Figure.counter("net_new_merchants", 20, 2);
    Instant t0 = Instant.parse("2022-11-01T00:00:00Z");
    try (Driver tally = new Driver(stateDir, TopologyConfig.defaults(), failing)) {
      tally.send(merchants, 0, 10, t0);
      tally.send(merchants, 0, 10, t0);
      tally.send(merchants, 1, 10, t0);

      assertThat(tally.total(merchants.key()).getValue()).isEqualTo(20);
      assertThat(tally.total(merchants.key()).getDuplicates()).isEqualTo(1);
      assertThat(tally.deadLetters.isEmpty()).isTrue();
      assertThat(failing.counted).hasSize(2);
    }
  }

  private static Map<String, Object> handlerConfigs(TallyObserver observer) {
    Map<String, Object> configs = new HashMap<>();
    configs.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS);
    configs.put(TallyStreamsConfig.OBSERVER_CONFIG, observer);
    return configs;
  }

  private static ErrorHandlerContext context(byte[] raw) {
    Headers headers = new RecordHeaders();
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return Topics.FIGURE_EVENTS;
      }

      @Override
      public int partition() {
        return 0;
      }

      @Override
      public long offset() {
        return 17;
      }

      @Override
      public Headers headers() {
        return headers;
      }

      @Override
      public String processorNodeId() {
        return "tally-totals";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(0, 0);
      }

      @Override
      public long timestamp() {
        return 0;
      }

      @Override
      public byte[] sourceRawKey() {
        return new byte[0];
      }

      @Override
      public byte[] sourceRawValue() {
        return raw;
      }
    };
  }
}
