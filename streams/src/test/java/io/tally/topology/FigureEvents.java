package io.tally.topology;

import static io.tally.topics.Headers.PRODUCED_AT;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.Provenance;
import io.tally.avro.Qualifier;
import io.tally.avro.ThemeTotal;
import io.tally.runtime.TallyStreamsConfig;
import io.tally.serde.TallySerdes;
import io.tally.topics.Keys;
import io.tally.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Test fixture, the one place for test helpers: {@link Figure} builds FigureEvents with the
 * generated builder, {@link Driver} runs the real topology with the real Streams config in a
 * TopologyTestDriver, and {@link RecordingObserver} records the observer callbacks.
 */
final class FigureEvents {
  static final String SCENARIO = "double11-2022";
  static final String RUN = "run-1";
  static final Instant PERIOD_START = Instant.parse("2022-10-24T12:00:00Z");
  static final Instant PERIOD_END = Instant.parse("2022-11-11T15:59:59Z");

  /** Wall clock of the driver: records are produced "now", years after their event time. */
  static final Instant WALL_CLOCK = Instant.parse("2026-11-20T08:00:00Z");

  private FigureEvents() {}

  /** A figure of the scenario; {@link #event} gives its events. */
  record Figure(
      String theme,
      String metric,
      FigureKind kind,
      long expected,
      int events,
      String runId,
      String zone,
      int scale) {

    static Figure counter(String metric, long expected, int events) {
      return new Figure("employment", metric, FigureKind.COUNTER, expected, events, RUN, "UTC", 0);
    }

    static Figure gauge(String metric, long expected, int events) {
      return new Figure("elderly", metric, FigureKind.GAUGE, expected, events, RUN, "UTC", 1);
    }

    Figure inTheme(String newTheme) {
      return new Figure(newTheme, metric, kind, expected, events, runId, zone, scale);
    }

    Figure run(String newRunId) {
      return new Figure(theme, metric, kind, expected, events, newRunId, zone, scale);
    }

    Figure zone(String newZone) {
      return new Figure(theme, metric, kind, expected, events, runId, newZone, scale);
    }

    String key() {
      return Keys.metric(SCENARIO, theme, metric);
    }

    String figureId() {
      return metric.replace('_', '-');
    }

    FigureEvent event(int sequence, long value, Instant time) {
      return builder(sequence, value, time).build();
    }

    FigureEvent.Builder builder(int sequence, long value, Instant time) {
      return FigureEvent.newBuilder()
          .setEventId(SCENARIO + "/" + runId + "/" + figureId() + "/" + sequence)
          .setScenario(SCENARIO)
          .setRunId(runId)
          .setFigureId(figureId())
          .setTheme(theme)
          .setMetric(metric)
          .setUnit(kind == FigureKind.COUNTER ? "merchants" : "percent")
          .setKind(kind)
          .setQualifier(Qualifier.EXACT)
          .setValue(value)
          .setScale(scale)
          .setEventTime(time)
          .setSequence(sequence)
          .setEventsInFigure(events)
          .setExpectedValue(expected)
          .setExpectedUpper(null)
          .setPeriodStart(PERIOD_START)
          .setPeriodEnd(PERIOD_END)
          .setTimeZone(zone)
          .setProvenance(
              Provenance.newBuilder()
                  .setSourceDocument("seeds/000_4a804bc525f3f7c6.txt")
                  .setSentence("过去一年，淘宝净增120万商家")
                  .setLabel("Label of " + metric)
                  .build());
    }
  }

  static byte[] encode(FigureEvent event) {
    return TallySerdes.figureEvent().serialize(Topics.FIGURE_EVENTS, event);
  }

  static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Observer callbacks, recorded in order. */
  static final class RecordingObserver implements TallyObserver {
    /** When set, every callback throws after recording, as a buggy metrics layer would. */
    volatile boolean failing;

    final List<FigureEvent> counted = new CopyOnWriteArrayList<>();
    final List<Long> latencies = new CopyOnWriteArrayList<>();
    final List<FigureEvent> duplicates = new CopyOnWriteArrayList<>();
    final List<FigureEvent> late = new CopyOnWriteArrayList<>();
    final List<String> deadLetters = new CopyOnWriteArrayList<>();
    final List<String> superseded = new CopyOnWriteArrayList<>();

    @Override
    public void eventCounted(FigureEvent event, long latencyMs) {
      counted.add(event);
      latencies.add(latencyMs);
      maybeFail();
    }

    @Override
    public void duplicate(FigureEvent event) {
      duplicates.add(event);
      maybeFail();
    }

    @Override
    public void late(FigureEvent event) {
      late.add(event);
      maybeFail();
    }

    @Override
    public void deadLetter(String reason) {
      deadLetters.add(reason);
      maybeFail();
    }

    @Override
    public void superseded(String metricKey, String previousRunId, String newRunId) {
      superseded.add(metricKey + ":" + previousRunId + "->" + newRunId);
      maybeFail();
    }

    private void maybeFail() {
      if (failing) {
        throw new IllegalStateException("observer failure requested by the test");
      }
    }
  }

  /** The real topology and Streams config in a TopologyTestDriver, with typed topics. */
  static final class Driver implements AutoCloseable {
    final RecordingObserver observer;
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> events;
    final TestOutputTopic<String, MetricTotal> totals;
    final TestOutputTopic<String, ThemeTotal> themes;
    final TestOutputTopic<String, MetricDailyTotal> daily;
    final TestOutputTopic<String, FigureEvent> late;
    final TestOutputTopic<String, byte[]> deadLetters;
    private Instant produceTime = WALL_CLOCK.minusSeconds(1);

    Driver(Path stateDir) {
      this(stateDir, TopologyConfig.defaults());
    }

    Driver(Path stateDir, TopologyConfig config) {
      this(stateDir, config, new RecordingObserver());
    }

    Driver(Path stateDir, TopologyConfig config, RecordingObserver observer) {
      this.observer = observer;
      var props =
          TallyStreamsConfig.defaults("localhost:9092", stateDir)
              .withReplicationFactor(1)
              .properties(observer);
      driver = new TopologyTestDriver(TallyTopology.build(config, observer), props, WALL_CLOCK);
      var strings = new StringSerializer();
      events = driver.createInputTopic(Topics.FIGURE_EVENTS, strings, new ByteArraySerializer());
      var keys = new StringDeserializer();
      totals = driver.createOutputTopic(Topics.METRIC_TOTALS, keys, TallySerdes.metricTotal());
      themes = driver.createOutputTopic(Topics.THEME_TOTALS, keys, TallySerdes.themeTotal());
      daily =
          driver.createOutputTopic(
              Topics.METRIC_TOTALS_DAILY, keys, TallySerdes.metricDailyTotal());
      late = driver.createOutputTopic(Topics.LATE_EVENTS, keys, TallySerdes.figureEvent());
      deadLetters =
          driver.createOutputTopic(Topics.DEAD_LETTERS, keys, new ByteArrayDeserializer());
    }

    /** Pipes the event under its metric key, produced one second before the wall clock. */
    void send(FigureEvent event) {
      sendRaw(MetricKeys.metric(event), encode(event));
    }

    void send(Figure figure, int sequence, long value, Instant time) {
      send(figure.event(sequence, value, time));
    }

    /** Pipes any bytes; the record timestamp is the produce time, as the producer sets it. */
    void sendRaw(String key, byte[] value) {
      Headers headers = new RecordHeaders();
      long producedAt = produceTime.toEpochMilli();
      headers.add(PRODUCED_AT, ByteBuffer.allocate(8).putLong(producedAt).array());
      events.pipeInput(new TestRecord<>(key, value, headers, produceTime));
      produceTime = produceTime.plus(Duration.ofMillis(1));
      // What the daily totals publish each interval: here, after every event.
      driver.advanceWallClockTime(PendingKeys.INTERVAL);
    }

    MetricTotal total(String metricKey) {
      return driver
          .<String, MetricTotal>getKeyValueStore(TallyTopology.METRIC_TOTALS_STORE)
          .get(metricKey);
    }

    MetricDailyTotal day(String metricKey, LocalDate day) {
      return dailyStore().get(MetricKeys.daily(metricKey, day));
    }

    /** A metric's days in the daily totals store, by a prefix scan as an API would query them. */
    Map<LocalDate, MetricDailyTotal> days(String metricKey) {
      Map<LocalDate, MetricDailyTotal> days = new TreeMap<>();
      try (KeyValueIterator<String, MetricDailyTotal> scan =
          dailyStore().prefixScan(metricKey + "/", new StringSerializer())) {
        scan.forEachRemaining(day -> days.put(day.value.getDay(), day.value));
      }
      return days;
    }

    private KeyValueStore<String, MetricDailyTotal> dailyStore() {
      return driver.getKeyValueStore(TallyTopology.DAILY_TOTALS_STORE);
    }

    ThemeTotal theme(String themeKey) {
      return driver
          .<String, ThemeTotal>getKeyValueStore(TallyTopology.THEME_TOTALS_STORE)
          .get(themeKey);
    }

    @Override
    public void close() {
      driver.close();
    }
  }
}
