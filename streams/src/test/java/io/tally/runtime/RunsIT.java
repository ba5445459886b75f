package io.tally.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.avro.RunState;
import io.tally.avro.RunStatus;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.replay.Speed;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import io.tally.serde.TallySerdes;
import io.tally.testkit.Await;
import io.tally.testkit.PrometheusText;
import io.tally.testkit.PrometheusText.Sample;
import io.tally.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run log on a real broker, with a scenario file Tally does not bundle and a streams service
 * given no scenario files at all: from the first event counted, the API and {@code /metrics} know
 * every declared figure; a replay stopped half-way leaves its run REPLAYING; the same command run
 * again completes it with nothing counted twice; ranges keep their upper bound everywhere; {@code
 * tally.run-status} tells the states in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsIT {
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCENARIO =
      """
      scenario: care-report
      title: A care report
      language: en
      source: care-report.txt
      timeZone: Europe/Berlin
      campaign:
        start: 2024-03-01T00:00:00
        end: 2024-03-31T23:59:59
      themes:
        - id: visits
          label: Home visits
        - id: falls
          label: Falls
      figures:
        - id: home-visits
          theme: visits
          metric: home_visits
          label: Home visits made
          unit: visits
          kind: counter
          qualifier: more_than
          value: 4800
          period: {start: 2024-03-01T00:00:00, end: 2024-03-31T23:59:59}
          profile: uniform
          sentence: More than 4,800 home visits were made in March.
        - id: volunteers
          theme: visits
          metric: volunteers
          label: Volunteers
          unit: people
          kind: counter
          qualifier: exact
          value: 120
          period: {start: 2024-03-20T00:00:00, end: 2024-03-31T23:59:59}
          profile: ramp-up
          sentence: 120 volunteers joined in the last ten days.
        - id: fallen-share
          theme: falls
          metric: fallen_per_10
          label: Elderly people who have fallen, of every 10
          unit: people_per_10
          kind: gauge
          qualifier: range
          value: 3
          upper: 4
          period: {start: 2024-03-01T00:00:00, end: 2024-03-31T23:59:59}
          profile: uniform
          sentence: 3 to 4 of every 10 elderly people have fallen.
      """;

  private EmbeddedKafkaBroker broker;
  private StreamsService service;
  private Expander expander;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDefaultPartitions(3));
    Path file = dir.resolve("care-report.yaml");
    Files.writeString(file, SCENARIO, StandardCharsets.UTF_8);
    Scenario scenario = ScenarioLoader.loadFile(file);
    expander = new Expander(scenario, new ExpansionOptions(11, 40, null));
    service = LocalService.start(broker, dir.resolve("state"), "tally-runs-it", 3, List.of());
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
  void aRunIsKnownFromItsFirstEventStaysReplayingWhenStoppedAndCompletesWhenRunAgain()
      throws Exception {
    String runId = expander.runId();
    long half = expander.eventCount() / 2;

    // A replay stopped half-way: Ctrl-C after half the events.
    AtomicReference<ReplayJob> job = new AtomicReference<>();
    job.set(new ReplayJob(ReplaySettings.defaults(broker.bootstrapServers())));
    ReplaySummary stopped =
        job.get()
            .run(
                expander,
                (sent, total, time) -> {
                  if (sent == half) {
                    job.get().stop();
                  }
                });
    assertThat(stopped.complete()).isFalse();

    JsonNode run =
        Await.until(
            "half the events counted",
            SETTLE,
            () -> get("/api/v1/runs/" + runId),
            r -> r.path("eventsCounted").asLong() == half,
            JsonNode::toString);
    assertThat(run.path("state").asText()).isEqualTo("REPLAYING");
    assertThat(run.path("figures").asInt()).isEqualTo(3);
    assertThat(run.path("scenario").path("id").asText()).isEqualTo("care-report");
    // Every declared figure is listed, a figure not begun as PENDING 0/N.
    JsonNode volunteers = figure(run, "volunteers");
    assertThat(volunteers.path("status").asText()).isEqualTo("PENDING");
    assertThat(volunteers.path("eventsInFigure").asInt()).isEqualTo(40);
    JsonNode totals = get("/api/v1/totals");
    assertThat(totals.path("summary").path("figures").asInt()).isEqualTo(3);
    List<Sample> scrape = PrometheusText.parse(text("/metrics"));
    assertThat(value(scrape, "tally_run_figures", Map.of("run", runId))).isEqualTo(3.0);
    assertThat(value(scrape, "tally_run_complete", Map.of("run", runId))).isEqualTo(0.0);
    assertThat(PrometheusText.find(scrape, "tally_figure_value", Map.of("figure", "volunteers")))
        .hasSize(1);
    assertThat(value(scrape, "tally_theme_figures_declared", Map.of("theme", "visits")))
        .isEqualTo(2.0);

    // Nothing ends a stopped run.
    Await.hold(Duration.ofSeconds(3));
    assertThat(get("/api/v1/runs/" + runId).path("state").asText()).isEqualTo("REPLAYING");

    // The same command again: the same run, completed, nothing counted twice.
    ReplaySummary again =
        new ReplayJob(ReplaySettings.defaults(broker.bootstrapServers()).withSpeed(Speed.MAX))
            .run(expander, ProgressListener.NONE);
    assertThat(again.complete()).isTrue();
    JsonNode complete =
        Await.until(
            "the run COMPLETE",
            SETTLE,
            () -> get("/api/v1/runs/" + runId),
            r -> r.path("state").asText().equals("COMPLETE"),
            JsonNode::toString);
    assertThat(complete.path("exact").asInt()).isEqualTo(3);
    assertThat(complete.path("pending").asInt()).isZero();
    assertThat(complete.path("eventsCounted").asLong()).isEqualTo(expander.eventCount());

    // Ranges: the upper bound on the API, the metrics and the table.
    JsonNode range = figure(complete, "fallen-share");
    assertThat(range.path("expected").asText()).isEqualTo("3");
    assertThat(range.path("expectedUpper").asText()).isEqualTo("4");
    assertThat(range.path("stated").asText()).isEqualTo("3-4");
    assertThat(range.path("sentence").asText()).contains("3 to 4");
    assertThat(range.path("status").asText()).isEqualTo("EXACT");
    String table = text("/api/v1/reconciliation?format=text");
    assertThat(table).contains("3-4").contains("3 figures: 3 exact");
    scrape = PrometheusText.parse(text("/metrics"));
    assertThat(value(scrape, "tally_figure_expected_upper_value", Map.of("figure", "fallen-share")))
        .isEqualTo(4.0);
    assertThat(value(scrape, "tally_run_complete", Map.of("run", runId))).isEqualTo(1.0);
    assertThat(value(scrape, "tally_run_figures_exact", Map.of("run", runId))).isEqualTo(3.0);

    // The states on tally.run-status, in order; the latest is COMPLETE. The API reads the store,
    // which may show COMPLETE a commit before the transaction that carries it is committed.
    List<RunState> states =
        Await.until(
            "COMPLETE committed on " + Topics.RUN_STATUS,
            SETTLE,
            () -> runStates(runId),
            s -> !s.isEmpty() && s.get(s.size() - 1) == RunState.COMPLETE,
            List::toString);
    assertThat(states).startsWith(RunState.DECLARED, RunState.REPLAYING);
    assertThat(states).endsWith(RunState.COMPLETE);
    assertThat(states).doesNotContain(RunState.SUPERSEDED);

    aConsumerHoldingOnlyTheFirstSchemaReadsTodaysRecordsThroughTheSchemasEndpoint();
  }

  private List<RunState> runStates(String runId) {
    return CommittedRecords.read(broker.bootstrapServers(), Topics.RUN_STATUS).stream()
        .filter(r -> r.key().equals(runId))
        .map(ConsumerRecord::value)
        .map(v -> TallySerdes.runStatus().deserialize(Topics.RUN_STATUS, v))
        .map(RunStatus::getState)
        .toList();
  }

  /**
   * A consumer built with the first published MetricTotal schema only (no Tally classes): it meets
   * a fingerprint it does not know, fetches the writer's schema from {@code /api/v1/schemas} and
   * reads each record with its own reader schema.
   */
  private void aConsumerHoldingOnlyTheFirstSchemaReadsTodaysRecordsThroughTheSchemasEndpoint()
      throws Exception {
    Schema v1 = TallySerdes.history("MetricTotal").get(0);
    String v1Fingerprint = fingerprintHex(SchemaNormalization.parsingFingerprint64(v1));
    JsonNode listed = get("/api/v1/schemas");
    assertThat(listed.path("schemas").findValuesAsText("fingerprint")).contains(v1Fingerprint);

    List<ConsumerRecord<String, byte[]>> records =
        CommittedRecords.read(broker.bootstrapServers(), Topics.METRIC_TOTALS);
    assertThat(records).isNotEmpty();
    Map<String, Schema> writers = new java.util.HashMap<>();
    int read = 0;
    for (ConsumerRecord<String, byte[]> r : records) {
      byte[] bytes = r.value();
      String fingerprint = HexFormat.of().formatHex(bytes, 2, 10);
      assertThat(fingerprint).as("today's records are not v1").isNotEqualTo(v1Fingerprint);
      Schema writer =
          writers.computeIfAbsent(
              fingerprint, fp -> new Schema.Parser().parse(text0("/api/v1/schemas/" + fp)));
      GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(writer, v1);
      GenericRecord total =
          reader.read(null, DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, null));
      assertThat(total.get("scenario").toString()).isEqualTo("care-report");
      assertThat(total.getSchema().getField("sentence")).as("a v1 reader's view").isNull();
      read++;
    }
    assertThat(read).isEqualTo(records.size());
  }

  private static String fingerprintHex(long fingerprint) {
    return HexFormat.of()
        .formatHex(
            java.nio.ByteBuffer.allocate(8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(fingerprint)
                .array());
  }

  private String text0(String path) {
    try {
      return text(path);
    } catch (Exception e) {
      throw new AssertionError("GET " + path + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode figure(JsonNode run, String id) {
    for (JsonNode f : run.path("reconciliation")) {
      if (f.path("figureId").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no figure " + id + " in " + run);
  }

  private static double value(List<Sample> scrape, String name, Map<String, String> labels) {
    List<Sample> found = PrometheusText.find(scrape, name, labels);
    assertThat(found).as("%s%s", name, labels).hasSize(1);
    return found.get(0).value();
  }

  private JsonNode get(String path) {
    try {
      return JSON.readTree(text(path));
    } catch (Exception e) {
      throw new AssertionError("GET " + path + ": " + e.getMessage(), e);
    }
  }

  private String text(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode());
    }
    return response.body();
  }
}
