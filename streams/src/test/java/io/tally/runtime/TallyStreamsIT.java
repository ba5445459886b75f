package io.tally.runtime;

import static io.tally.topics.Headers.DLQ_DETAIL;
import static io.tally.topics.Headers.DLQ_OFFSET;
import static io.tally.topics.Headers.DLQ_PARTITION;
import static io.tally.topics.Headers.DLQ_REASON;
import static io.tally.topics.Headers.DLQ_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.ThemeTotal;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.reconcile.ExpectedFigure;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import io.tally.serde.TallySerdes;
import io.tally.testkit.Await;
import io.tally.testkit.PrometheusText;
import io.tally.testkit.PrometheusText.Sample;
import io.tally.topics.Keys;
import io.tally.topics.Topics;
import io.tally.topology.DeadLetterReason;
import io.tally.topology.TopologyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 end to end on a real broker: the streams service folds a max-speed replay of the bundled
 * scenario into totals that reproduce every figure, on the output topics (as a {@code
 * read_committed} consumer and a consumer holding only the published {@code .avsc} files see them)
 * and on {@code /metrics}; replaying the same run again changes no total; poison pills go to {@code
 * tally.dead-letters} with their reason and origin, and change nothing else.
 *
 * <p>One broker and one service for the class; the tests run in order, each building on the state
 * the previous ones left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TallyStreamsIT {
  private static final String SCENARIO = "double11-2022";
  private static final Duration FIRST_RESULTS = Duration.ofSeconds(90);
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private EmbeddedKafkaBroker broker;
  private StreamsService service;
  private Scenario scenario;
  private Expander expander;
  private List<ExpectedFigure> figures;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  void startAndReplay(@TempDir Path stateDir) throws Exception {
    broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDefaultPartitions(6));
    scenario = ScenarioLoader.load(SCENARIO);
    expander = new Expander(scenario, ExpansionOptions.defaults());
    figures = ExpectedFigures.of(scenario);
    assertThat(figures).hasSize(43);

    TallyStreamsConfig streams =
        TallyStreamsConfig.defaults(broker.bootstrapServers(), stateDir)
            .withApplicationId("tally-streams-it")
            .withReplicationFactor(1);
    service =
        StreamsService.start(
            new StreamsSettings(
                streams,
                TopologyConfig.defaults(),
                "127.0.0.1",
                0,
                Optional.of(6),
                Optional.of((short) 1),
                figures,
                Duration.ofSeconds(60)));

    replay();
    Await.until(
        "every figure reconciled exactly",
        FIRST_RESULTS,
        service::reconcile,
        r -> r.summary().allExact(),
        r -> r.summary().toString());
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Order(1)
  void metricTotalsReproduceEveryFigure() {
    Map<String, MetricTotal> latest = awaitCompleteTotals();

    assertThat(latest.keySet())
        .containsExactlyInAnyOrderElementsOf(
            figures.stream().map(ExpectedFigure::metricKey).toList());
    for (ExpectedFigure figure : figures) {
      MetricTotal total = latest.get(figure.metricKey());
      int events = expander.eventCount(figure.figureId());
      assertThat(total.getFigureId()).isEqualTo(figure.figureId());
      assertThat(total.getRunId()).isEqualTo(expander.runId());
      assertThat(total.getScale()).as(figure.figureId()).isEqualTo(figure.scale());
      assertThat(total.getValue()).as(figure.figureId()).isEqualTo(figure.expectedValue());
      assertThat(total.getExpectedValue()).as(figure.figureId()).isEqualTo(figure.expectedValue());
      assertThat(total.getComplete()).as(figure.figureId()).isTrue();
      assertThat(total.getEventsCounted()).as(figure.figureId()).isEqualTo(events);
      assertThat(total.getEventsInFigure()).as(figure.figureId()).isEqualTo(events);
      assertThat(total.getDuplicates()).as(figure.figureId()).isZero();
    }
  }

  @Test
  @Order(2)
  void themeTotalsCountEveryFigureOfTheirTheme() {
    Map<String, Long> figuresPerTheme =
        figures.stream()
            .collect(
                Collectors.groupingBy(f -> Keys.theme(SCENARIO, f.theme()), Collectors.counting()));
    Map<String, ThemeTotal> latest =
        Await.until(
            "every theme complete on " + Topics.THEME_TOTALS,
            SETTLE,
            () -> CommittedRecords.latest(bootstrap(), Topics.THEME_TOTALS, this::themeTotal),
            themes ->
                figuresPerTheme.entrySet().stream()
                    .allMatch(
                        e ->
                            themes.containsKey(e.getKey())
                                && themes.get(e.getKey()).getFiguresComplete() == e.getValue()),
            Map::toString);

    assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(figuresPerTheme.keySet());
    for (Map.Entry<String, Long> theme : figuresPerTheme.entrySet()) {
      ThemeTotal total = latest.get(theme.getKey());
      long events =
          figures.stream()
              .filter(f -> Keys.theme(SCENARIO, f.theme()).equals(theme.getKey()))
              .mapToLong(f -> expander.eventCount(f.figureId()))
              .sum();
      assertThat(total.getFiguresSeen()).as(theme.getKey()).isEqualTo(theme.getValue().intValue());
      assertThat(total.getFiguresComplete())
          .as(theme.getKey())
          .isEqualTo(theme.getValue().intValue());
      assertThat(total.getEvents()).as(theme.getKey()).isEqualTo(events);
      assertThat(total.getEventsExpected()).as(theme.getKey()).isEqualTo(events);
      assertThat(total.getShareComplete()).as(theme.getKey()).isEqualTo(1.0);
      assertThat(total.getRunId()).isEqualTo(expander.runId());
    }
  }

  @Test
  @Order(3)
  void dailyTotalsAddUpToTheFigureAndNothingIsLate() {
    Map<String, MetricDailyTotal> latest = awaitDailyTotals();

    assertThat(dailyMismatches(latest)).isEmpty();
    for (ExpectedFigure figure : figures) {
      List<MetricDailyTotal> days = daysOf(latest, figure);
      assertThat(days).as(figure.figureId()).isNotEmpty();
      assertThat(days.stream().mapToInt(MetricDailyTotal::getEvents).sum())
          .as("events of %s over its days", figure.figureId())
          .isEqualTo(expander.eventCount(figure.figureId()));
      assertThat(days)
          .allSatisfy(d -> assertThat(d.getRunId()).isEqualTo(expander.runId()))
          .allSatisfy(d -> assertThat(d.getKind()).isEqualTo(figure.kind()));
    }
    assertThat(CommittedRecords.read(bootstrap(), Topics.LATE_EVENTS))
        .as("late events of a single first replay")
        .isEmpty();
  }

  @Test
  @Order(4)
  void aConsumerWithOnlyThePublishedSchemasDecodesTheOutputTopics() throws IOException {
    Schema.Parser parser = new Schema.Parser();
    // The enums first: the records refer to them by name.
    publishedSchema(parser, "FigureKind");
    publishedSchema(parser, "Qualifier");
    Map<String, Schema> schemas =
        Map.of(
            Topics.METRIC_TOTALS, publishedSchema(parser, "MetricTotal"),
            Topics.THEME_TOTALS, publishedSchema(parser, "ThemeTotal"),
            Topics.METRIC_TOTALS_DAILY, publishedSchema(parser, "MetricDailyTotal"));

    for (Map.Entry<String, Schema> topic : schemas.entrySet()) {
      BinaryMessageDecoder<GenericRecord> decoder =
          new BinaryMessageDecoder<>(GenericData.get(), topic.getValue());
      List<ConsumerRecord<String, byte[]>> records =
          CommittedRecords.read(bootstrap(), topic.getKey());
      assertThat(records).as(topic.getKey()).isNotEmpty();
      for (ConsumerRecord<String, byte[]> r : records) {
        GenericRecord generic = decoder.decode(r.value());
        assertThat(generic).isInstanceOf(GenericData.Record.class);
        String key =
            Keys.theme(generic.get("scenario").toString(), generic.get("theme").toString());
        assertThat(r.key()).as(topic.getKey()).startsWith(key);
      }
    }

    BinaryMessageDecoder<GenericRecord> totals =
        new BinaryMessageDecoder<>(GenericData.get(), schemas.get(Topics.METRIC_TOTALS));
    Map<String, GenericRecord> latest =
        CommittedRecords.latest(bootstrap(), Topics.METRIC_TOTALS, bytes -> decode(totals, bytes));
    for (ExpectedFigure figure : figures) {
      GenericRecord total = latest.get(figure.metricKey());
      assertThat(total.get("figureId")).hasToString(figure.figureId());
      assertThat(total.get("value")).isEqualTo(figure.expectedValue());
      assertThat(total.get("scale")).isEqualTo(figure.scale());
      assertThat(total.get("kind")).hasToString(figure.kind().name());
      assertThat(total.get("qualifier")).hasToString(figure.qualifier().name());
      assertThat(total.get("complete")).isEqualTo(true);
    }
  }

  @Test
  @Order(5)
  void scrapeShowsEveryFigureAndTheme() throws Exception {
    HttpResponse<byte[]> response = get("/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.headers().firstValueAsLong("Content-Length"))
        .hasValue(body.getBytes(StandardCharsets.UTF_8).length);
    assertThat(body).endsWith("\n");

    List<Sample> samples = PrometheusText.parse(body);
    assertThat(PrometheusText.find(samples, "tally_figure_value", Map.of())).hasSize(43);
    for (ExpectedFigure figure : figures) {
      List<Sample> value =
          PrometheusText.find(samples, "tally_figure_value", Map.of("figure", figure.figureId()));
      assertThat(value).as(figure.figureId()).hasSize(1);
      assertThat(value.get(0).labels())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "scenario", SCENARIO,
                  "theme", figure.theme(),
                  "metric", figure.metric(),
                  "figure", figure.figureId()));
      // The report's words, once per figure.
      List<Sample> info =
          PrometheusText.find(samples, "tally_figure_info", Map.of("figure", figure.figureId()));
      assertThat(info).as(figure.figureId()).hasSize(1);
      assertThat(info.get(0).labels())
          .containsEntry("label", figure.label())
          .containsEntry("unit", figure.unit())
          .containsEntry("kind", figure.kind().name().toLowerCase(Locale.ROOT))
          .containsEntry("qualifier", figure.qualifier().name().toLowerCase(Locale.ROOT));
      assertThat(value.get(0).value())
          .as(figure.figureId())
          .isEqualTo(figure.expected().doubleValue());
      assertThat(single(samples, "tally_figure_complete", "figure", figure.figureId()))
          .as(figure.figureId())
          .isEqualTo(1.0);
    }
    Map<String, Long> figuresPerTheme =
        figures.stream()
            .collect(Collectors.groupingBy(ExpectedFigure::theme, Collectors.counting()));
    assertThat(PrometheusText.find(samples, "tally_theme_figures_complete", Map.of()))
        .hasSize(figuresPerTheme.size());
    figuresPerTheme.forEach(
        (theme, count) ->
            assertThat(single(samples, "tally_theme_figures_complete", "theme", theme))
                .as(theme)
                .isEqualTo(count.doubleValue()));

    double counted =
        PrometheusText.find(samples, "tally_events_counted_total", Map.of("scenario", SCENARIO))
            .stream()
            .mapToDouble(Sample::value)
            .sum();
    // Observer callbacks are at least once (an aborted transaction is processed again).
    assertThat(counted).isGreaterThanOrEqualTo(expander.eventCount());
    assertThat(single(samples, "tally_events_late_total", "scenario", SCENARIO)).isZero();
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      assertThat(single(samples, "tally_dead_letters_total", "reason", reason.code()))
          .as(reason.code())
          .isZero();
    }

    HttpResponse<byte[]> openMetrics = get("/metrics", "application/openmetrics-text");
    assertThat(openMetrics.statusCode()).isEqualTo(200);
    assertThat(openMetrics.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(openMetrics.headers().firstValueAsLong("Content-Length"))
        .hasValue(openMetrics.body().length);
    assertThat(new String(openMetrics.body(), StandardCharsets.UTF_8).stripTrailing())
        .endsWith("# EOF");
  }

  @Test
  @Order(6)
  void promtoolAcceptsTheScrapeAndFindsNoLintProblemInTallysMetrics() throws Exception {
    Optional<Promtool> promtool = Promtool.find();
    String missing = "promtool is not on PATH (apt-get install prometheus)";
    // Under CI a missing tool fails: a green CI must never mean this check was skipped.
    assertThat(promtool.isPresent() || !"true".equals(System.getenv("CI"))).as(missing).isTrue();
    assumeTrue(promtool.isPresent(), missing);
    String body = new String(get("/metrics", null).body(), StandardCharsets.UTF_8);

    Promtool.Checked all = promtool.get().checkMetrics(body);
    // 1 is a parse error; 3 means lint problems only, which Kafka's client metric names cause.
    assertThat(all.exitCode()).as("promtool on the whole scrape: %s", all.output()).isNotEqualTo(1);

    String tally = PrometheusText.familiesStartingWith(body, "tally_");
    assertThat(tally).contains("# TYPE tally_figure_value gauge");
    Promtool.Checked ours = promtool.get().checkMetrics(tally);
    assertThat(ours.exitCode()).as("promtool on tally_* metrics: %s", ours.output()).isZero();
  }

  @Test
  @Order(7)
  void replayingTheSameRunAgainChangesNoTotal() throws Exception {
    Map<String, MetricTotal> first = awaitCompleteTotals();
    Map<String, MetricDailyTotal> firstDaily = awaitDailyTotals();

    replay();

    Map<String, MetricTotal> latest =
        Await.until(
            "every event of the second replay seen as a duplicate",
            SETTLE,
            this::metricTotals,
            totals ->
                totals.values().stream().allMatch(t -> t.getDuplicates() == t.getEventsInFigure()),
            totals ->
                totals.values().stream()
                    .filter(t -> t.getDuplicates() != t.getEventsInFigure())
                    .map(
                        t ->
                            t.getFigureId() + " " + t.getDuplicates() + "/" + t.getEventsInFigure())
                    .toList()
                    .toString());

    assertThat(latest.keySet()).isEqualTo(first.keySet());
    for (Map.Entry<String, MetricTotal> entry : latest.entrySet()) {
      MetricTotal before = first.get(entry.getKey());
      MetricTotal after = entry.getValue();
      assertThat(after.getDuplicates()).as(entry.getKey()).isPositive();
      assertThat(after.getValue()).as(entry.getKey()).isEqualTo(before.getValue());
      assertThat(after.getEventsCounted()).as(entry.getKey()).isEqualTo(before.getEventsCounted());
      assertThat(after.getLastEventTime()).as(entry.getKey()).isEqualTo(before.getLastEventTime());
      assertThat(after.getRunId()).as(entry.getKey()).isEqualTo(before.getRunId());
      assertThat(after.getComplete()).as(entry.getKey()).isTrue();
    }
    assertThat(service.reconcile().summary().allExact()).isTrue();
    assertThat(dailyTotals()).as("duplicates never reach the daily totals").isEqualTo(firstDaily);
    assertThat(CommittedRecords.read(bootstrap(), Topics.LATE_EVENTS)).isEmpty();

    List<Sample> samples = scrape();
    assertThat(single(samples, "tally_events_duplicate_total", "scenario", SCENARIO))
        .isGreaterThanOrEqualTo(expander.eventCount());
  }

  @Test
  @Order(8)
  void poisonPillsGoToDeadLettersWithTheirReasonAndOrigin() throws Exception {
    byte[] garbage = "not an avro record \u0000\u00ff".getBytes(StandardCharsets.UTF_8);
    FigureEvent negative = firstCounterEvent();
    negative.setValue(-5L);
    String negativeKey =
        Keys.metric(negative.getScenario(), negative.getTheme(), negative.getMetric());
    byte[] negativeBytes = TallySerdes.figureEvent().serialize(Topics.FIGURE_EVENTS, negative);

    Map<String, MetricTotal> before = awaitCompleteTotals();
    RecordMetadata garbageAt;
    RecordMetadata negativeAt;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      garbageAt =
          producer
              .send(new ProducerRecord<>(Topics.FIGURE_EVENTS, "garbage", garbage))
              .get(10, TimeUnit.SECONDS);
      negativeAt =
          producer
              .send(new ProducerRecord<>(Topics.FIGURE_EVENTS, negativeKey, negativeBytes))
              .get(10, TimeUnit.SECONDS);
    }

    List<ConsumerRecord<String, byte[]>> letters =
        Await.until(
            "two dead letters",
            SETTLE,
            () -> CommittedRecords.read(bootstrap(), Topics.DEAD_LETTERS),
            records -> records.size() >= 2,
            records -> records.size() + " records");
    assertThat(letters).hasSize(2);
    Map<String, ConsumerRecord<String, byte[]>> byReason =
        letters.stream().collect(Collectors.toMap(r -> header(r.headers(), DLQ_REASON), r -> r));
    assertThat(byReason).containsOnlyKeys("undecodable", "negative-delta");
    assertDeadLetter(byReason.get("undecodable"), "garbage", garbage, garbageAt);
    assertDeadLetter(byReason.get("negative-delta"), negativeKey, negativeBytes, negativeAt);

    List<Sample> samples = scrape();
    assertThat(single(samples, "tally_dead_letters_total", "reason", "undecodable")).isEqualTo(1.0);
    assertThat(single(samples, "tally_dead_letters_total", "reason", "negative-delta"))
        .isEqualTo(1.0);
    assertThat(
            PrometheusText.find(samples, "tally_dead_letters_total", Map.of()).stream()
                .mapToDouble(Sample::value)
                .sum())
        .isEqualTo(2.0);

    assertThat(service.reconcile().summary().allExact()).isTrue();
    assertThat(metricTotals()).as("the poison pills changed no total").isEqualTo(before);
    assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> reconciliation = get("/api/v1/reconciliation", null);
    assertThat(reconciliation.statusCode()).isEqualTo(200);
    assertThat(new String(reconciliation.body(), StandardCharsets.UTF_8))
        .contains("\"allExact\" : true");
  }

  // --- steps and reads ----------------------------------------------------------------------

  private void replay() throws Exception {
    ReplaySummary summary =
        new ReplayJob(ReplaySettings.defaults(bootstrap())).run(expander, ProgressListener.NONE);
    assertThat(summary.complete()).as(summary.describe()).isTrue();
    assertThat(summary.events()).isEqualTo(expander.eventCount());
  }

  private String bootstrap() {
    return broker.bootstrapServers();
  }

  /** The latest metric totals once all 43 are complete on the topic (a commit after the store). */
  private Map<String, MetricTotal> awaitCompleteTotals() {
    return Await.until(
        "all 43 figures complete on " + Topics.METRIC_TOTALS,
        SETTLE,
        this::metricTotals,
        totals ->
            totals.size() == figures.size()
                && totals.values().stream().allMatch(MetricTotal::getComplete),
        totals -> incomplete(totals).toString());
  }

  /** The latest daily totals once they give every figure (windows emit at commits). */
  private Map<String, MetricDailyTotal> awaitDailyTotals() {
    return Await.until(
        "daily totals giving every figure",
        SETTLE,
        this::dailyTotals,
        daily -> dailyMismatches(daily).isEmpty(),
        daily -> dailyMismatches(daily).toString());
  }

  private Map<String, MetricTotal> metricTotals() {
    return CommittedRecords.latest(bootstrap(), Topics.METRIC_TOTALS, this::metricTotal);
  }

  private Map<String, MetricDailyTotal> dailyTotals() {
    return CommittedRecords.latest(
        bootstrap(),
        Topics.METRIC_TOTALS_DAILY,
        bytes -> TallySerdes.metricDailyTotal().deserialize(Topics.METRIC_TOTALS_DAILY, bytes));
  }

  private MetricTotal metricTotal(byte[] bytes) {
    return TallySerdes.metricTotal().deserialize(Topics.METRIC_TOTALS, bytes);
  }

  private ThemeTotal themeTotal(byte[] bytes) {
    return TallySerdes.themeTotal().deserialize(Topics.THEME_TOTALS, bytes);
  }

  private static List<String> incomplete(Map<String, MetricTotal> totals) {
    return totals.values().stream()
        .filter(t -> !t.getComplete())
        .map(t -> t.getFigureId() + " " + t.getEventsCounted() + "/" + t.getEventsInFigure())
        .toList();
  }

  private static List<MetricDailyTotal> daysOf(
      Map<String, MetricDailyTotal> daily, ExpectedFigure figure) {
    return daily.entrySet().stream()
        .filter(e -> e.getKey().startsWith(figure.metricKey() + "/"))
        .map(Map.Entry::getValue)
        .sorted((a, b) -> a.getDay().compareTo(b.getDay()))
        .toList();
  }

  /**
   * Figures whose daily totals do not give the figure: a counter's days must add up to it, a
   * gauge's last day must end on it.
   */
  private Map<String, Long> dailyMismatches(Map<String, MetricDailyTotal> daily) {
    Map<String, Long> mismatches = new TreeMap<>();
    for (ExpectedFigure figure : figures) {
      List<MetricDailyTotal> days = daysOf(daily, figure);
      long reproduced =
          figure.kind() == FigureKind.COUNTER
              ? days.stream().mapToLong(MetricDailyTotal::getValue).sum()
              : days.isEmpty() ? Long.MIN_VALUE : days.get(days.size() - 1).getValue();
      if (reproduced != figure.expectedValue()) {
        mismatches.put(figure.figureId(), reproduced);
      }
    }
    return mismatches;
  }

  private FigureEvent firstCounterEvent() {
    var events = expander.events();
    while (events.hasNext()) {
      FigureEvent event = events.next();
      if (event.getKind() == FigureKind.COUNTER) {
        return event;
      }
    }
    throw new AssertionError("the scenario has no counter figure");
  }

  private static void assertDeadLetter(
      ConsumerRecord<String, byte[]> letter, String key, byte[] value, RecordMetadata source) {
    String reason = header(letter.headers(), DLQ_REASON);
    assertThat(letter.key()).as(reason).isEqualTo(key);
    assertThat(letter.value()).as("%s keeps the original bytes", reason).isEqualTo(value);
    assertThat(header(letter.headers(), DLQ_TOPIC)).as(reason).isEqualTo(Topics.FIGURE_EVENTS);
    assertThat(header(letter.headers(), DLQ_PARTITION))
        .as(reason)
        .isEqualTo(Integer.toString(source.partition()));
    assertThat(header(letter.headers(), DLQ_OFFSET))
        .as(reason)
        .isEqualTo(Long.toString(source.offset()));
    assertThat(header(letter.headers(), DLQ_DETAIL)).as(reason).isNotBlank();
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Schema publishedSchema(Schema.Parser parser, String name) throws IOException {
    // The published .avsc files, as the tally-schemas jar ships them (from schemas/src/main/avro).
    try (InputStream in = TallyStreamsIT.class.getResourceAsStream("/avro/" + name + ".avsc")) {
      assertThat(in).as("published schema %s.avsc on the classpath", name).isNotNull();
      return parser.parse(in);
    }
  }

  private static GenericRecord decode(BinaryMessageDecoder<GenericRecord> decoder, byte[] bytes) {
    try {
      return decoder.decode(bytes);
    } catch (IOException e) {
      throw new AssertionError("cannot decode with the published schema", e);
    }
  }

  // --- HTTP --------------------------------------------------------------------------------

  private HttpResponse<byte[]> get(String path, String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private List<Sample> scrape() throws IOException, InterruptedException {
    HttpResponse<byte[]> response = get("/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return PrometheusText.parse(new String(response.body(), StandardCharsets.UTF_8));
  }

  private static double single(List<Sample> samples, String name, String label, String value) {
    List<Sample> found = PrometheusText.find(samples, name, Map.of(label, value));
    assertThat(found).as("%s{%s=\"%s\"}", name, label, value).hasSize(1);
    return found.get(0).value();
  }
}
