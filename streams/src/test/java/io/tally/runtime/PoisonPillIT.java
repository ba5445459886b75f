package io.tally.runtime;

import static io.tally.topics.Headers.DLQ_DETAIL;
import static io.tally.topics.Headers.DLQ_OFFSET;
import static io.tally.topics.Headers.DLQ_PARTITION;
import static io.tally.topics.Headers.DLQ_REASON;
import static io.tally.topics.Headers.DLQ_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricTotal;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.reconcile.ExpectedFigure;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.runtime.PoisonPills.Pill;
import io.tally.scenario.ScenarioLoader;
import io.tally.serde.TallySerdes;
import io.tally.testkit.Await;
import io.tally.testkit.PrometheusText;
import io.tally.testkit.PrometheusText.Sample;
import io.tally.topics.Topics;
import io.tally.topology.DeadLetterReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6, item 5, on a real broker: while the bundled scenario replays at full speed, a second
 * producer injects poison pills ({@link PoisonPills}: garbage, records of other schemas, valid
 * events with invalid values, an overflowing counter) at random points among the real events. Every
 * pill must land in {@code tally.dead-letters} once, with its reason; {@code
 * tally_dead_letters_total} must count them by reason; the 43 figures must stay exact; and the
 * application must keep running throughout ({@code /health/ready} 200, no stream thread replaced).
 *
 * <p>The placement is random but seeded: the seed is printed, and {@code -Dtally.poison.seed=N}
 * replays it.
 */
class PoisonPillIT {
  private static final Logger log = LoggerFactory.getLogger(PoisonPillIT.class);
  private static final String SCENARIO = "double11-2022";
  private static final Duration RESULTS = Duration.ofSeconds(90);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void poisonPillsAreDeadLetteredByReasonWhileTheTotalsStayExactAndTheAppKeepsRunning(
      @TempDir Path stateDir) throws Exception {
    long seed = Long.getLong("tally.poison.seed", new Random().nextLong());
    System.out.println(
        "PoisonPillIT seed " + seed + " (replay with -Dtally.poison.seed=" + seed + ")");
    Random random = new Random(seed);

    Expander expander = new Expander(ScenarioLoader.load(SCENARIO), ExpansionOptions.defaults());
    List<ExpectedFigure> figures = ExpectedFigures.of(expander.scenario());
    assertThat(figures).hasSize(43);
    List<FigureEvent> realEvents = expander.eventList();
    List<Pill> pills = PoisonPills.of(realEvents, random);
    List<Pill> faults = pills.stream().filter(Pill::isFault).toList();

    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDefaultPartitions(6));
        StreamsService service = startService(broker, stateDir, figures)) {
      String bootstrap = broker.bootstrapServers();
      Set<String> threadsAtStart = streamThreads(service);
      try (HealthWatch health = new HealthWatch(service.httpPort())) {
        Map<Pill, RecordMetadata> origins = new HashMap<>();
        try (KafkaProducer<String, byte[]> injector = injector(bootstrap)) {
          Injection injection = new Injection(injector, pills, realEvents.size(), random);
          ReplaySummary summary =
              new ReplayJob(ReplaySettings.defaults(bootstrap)).run(expander, injection);
          assertThat(summary.complete()).as(summary.describe()).isTrue();
          assertThat(summary.events()).isEqualTo(expander.eventCount());
          injection.rest();
          injector.flush();
          for (Map.Entry<Pill, Future<RecordMetadata>> sent : injection.sent.entrySet()) {
            origins.put(
                sent.getKey(), sent.getValue().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
          }
        }
        assertThat(origins).as("every pill sent").hasSize(pills.size());

        Await.until(
            "every figure reconciled exactly",
            RESULTS,
            service::reconcile,
            r -> r.summary().allExact(),
            r -> r.summary().toString());
        List<ConsumerRecord<String, byte[]>> letters =
            Await.until(
                faults.size() + " dead letters",
                RESULTS,
                () -> CommittedRecords.read(bootstrap, Topics.DEAD_LETTERS),
                records -> records.size() >= faults.size(),
                records -> records.size() + " records: " + reasons(records));
        Map<String, MetricTotal> totals =
            Await.until(
                "all 43 figures complete on " + Topics.METRIC_TOTALS,
                RESULTS,
                () -> metricTotals(bootstrap),
                t ->
                    figures.stream()
                        .allMatch(
                            f ->
                                t.containsKey(f.metricKey()) && t.get(f.metricKey()).getComplete()),
                t -> t.keySet().toString());
        // Counters move when a record is processed, before its transaction commits; one more read
        // of the topic after they match would only repeat what the topic already showed.
        List<Sample> samples =
            Await.until(
                "tally_dead_letters_total adding up to " + faults.size(),
                RESULTS,
                () -> scrape(service.httpPort()),
                s -> sum(s, "tally_dead_letters_total") >= faults.size(),
                s -> Double.toString(sum(s, "tally_dead_letters_total")));

        // Every fault is a dead letter once, with its reason, key, bytes and origin.
        Map<String, Pill> faultsByOrigin = new HashMap<>();
        for (Pill fault : faults) {
          faultsByOrigin.put(origin(origins.get(fault)), fault);
        }
        Map<String, Integer> lettersByOrigin = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> letter : letters) {
          String origin = header(letter, DLQ_PARTITION) + "@" + header(letter, DLQ_OFFSET);
          lettersByOrigin.merge(origin, 1, Integer::sum);
          Pill pill = faultsByOrigin.get(origin);
          assertThat(pill)
              .as("dead letter from %s (%s) is an injected fault", origin, reasons(List.of(letter)))
              .isNotNull();
          assertThat(header(letter, DLQ_REASON)).as(pill.what()).isEqualTo(pill.expected().code());
          assertThat(header(letter, DLQ_TOPIC)).as(pill.what()).isEqualTo(Topics.FIGURE_EVENTS);
          assertThat(header(letter, DLQ_DETAIL)).as(pill.what()).isNotBlank();
          assertThat(letter.key()).as(pill.what()).isEqualTo(pill.key());
          assertThat(Arrays.equals(letter.value(), pill.value()))
              .as("%s keeps its original bytes", pill.what())
              .isTrue();
        }
        long lostFaults =
            faultsByOrigin.keySet().stream().filter(o -> !lettersByOrigin.containsKey(o)).count();
        long duplicatedLetters = lettersByOrigin.values().stream().mapToLong(n -> n - 1).sum();
        assertThat(lostFaults).as("faults missing from %s", Topics.DEAD_LETTERS).isZero();
        assertThat(duplicatedLetters).as("faults dead-lettered twice").isZero();

        Map<DeadLetterReason, Long> injected = byReason(faults);
        Map<DeadLetterReason, Long> dead = new EnumMap<>(DeadLetterReason.class);
        for (ConsumerRecord<String, byte[]> letter : letters) {
          dead.merge(reason(header(letter, DLQ_REASON)), 1L, Long::sum);
        }
        assertThat(dead).as("dead letters per reason").isEqualTo(injected);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
          assertThat(single(samples, reason.code()))
              .as("tally_dead_letters_total{reason=\"%s\"}", reason.code())
              .isEqualTo(injected.getOrDefault(reason, 0L).doubleValue());
        }

        // The real events: each counted once, every figure exact; the overflow left its sum alone.
        long counted = 0;
        long duplicates = 0;
        for (ExpectedFigure figure : figures) {
          MetricTotal total = totals.get(figure.metricKey());
          int events = expander.eventCount(figure.figureId());
          assertThat(total.getValue()).as(figure.figureId()).isEqualTo(figure.expectedValue());
          assertThat(total.getEventsCounted()).as(figure.figureId()).isEqualTo(events);
          assertThat(total.getRunId()).as(figure.figureId()).isEqualTo(expander.runId());
          counted += total.getEventsCounted();
          duplicates += total.getDuplicates();
        }
        assertThat(service.reconcile().summary().allExact()).isTrue();
        long lostEvents = expander.eventCount() - counted;
        assertThat(lostEvents).as("real events not counted").isZero();
        assertThat(duplicates).as("real events counted twice").isZero();
        MetricTotal big = totals.get(PoisonPills.OVERFLOW_KEY);
        assertThat(big).as(PoisonPills.OVERFLOW_KEY).isNotNull();
        assertThat(big.getValue()).isEqualTo(PoisonPills.OVERFLOW_FIRST_DELTA);
        assertThat(big.getEventsCounted()).isEqualTo(1);
        assertThat(big.getComplete()).isFalse();
        assertThat(CommittedRecords.read(bootstrap, Topics.LATE_EVENTS))
            .as("no pill was counted as a late event")
            .isEmpty();

        // The application never stopped.
        HealthWatch.Result watched = health.stop();
        assertThat(watched.probes()).as("health probes").isPositive();
        assertThat(watched.failures()).as("/health/ready answers other than 200").isEmpty();
        assertThat(service.app().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(streamThreads(service))
            .as("stream threads (none replaced)")
            .isEqualTo(threadsAtStart);

        String line =
            String.format(
                "poison pills: seed %d, faults injected %d %s, records sent %d (%d real + %d"
                    + " injected), dead letters %d, lost %d, duplicated %d",
                seed,
                faults.size(),
                codes(injected),
                expander.eventCount() + pills.size(),
                expander.eventCount(),
                pills.size(),
                letters.size(),
                lostFaults + lostEvents,
                duplicatedLetters + duplicates);
        System.out.println(line);
        log.info(line);
      }
    }
  }

  // --- set-up -------------------------------------------------------------------------------

  private static StreamsService startService(
      EmbeddedKafkaBroker broker, Path stateDir, List<ExpectedFigure> figures) throws Exception {
    return LocalService.start(broker, stateDir, "tally-poison-it", 6, figures);
  }

  private static KafkaProducer<String, byte[]> injector(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.CLIENT_ID_CONFIG,
            "tally-poison-injector"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /**
   * Sends the pills from the replay's progress callback, each right after the real event whose
   * number was drawn for it, so they fall among the real events wherever the draw put them.
   */
  private static final class Injection implements ProgressListener {
    private final KafkaProducer<String, byte[]> producer;
    private final Deque<Pill> pending;
    private final Deque<Long> points = new ArrayDeque<>();
    final Map<Pill, Future<RecordMetadata>> sent = new LinkedHashMap<>();

    Injection(KafkaProducer<String, byte[]> producer, List<Pill> pills, int events, Random random) {
      this.producer = producer;
      this.pending = new ArrayDeque<>(pills);
      random.longs(pills.size(), 0, events).sorted().forEach(points::add);
    }

    @Override
    public void progress(long sentEvents, long total, long eventTime) {
      while (!points.isEmpty() && points.peek() < sentEvents) {
        points.remove();
        send(pending.remove());
      }
    }

    void rest() {
      while (!pending.isEmpty()) {
        send(pending.remove());
      }
    }

    private void send(Pill pill) {
      sent.put(
          pill,
          producer.send(new ProducerRecord<>(Topics.FIGURE_EVENTS, pill.key(), pill.value())));
    }
  }

  /** Probes {@code /health/ready} every 250 ms from its own thread, recording anything but 200. */
  private final class HealthWatch implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger probes = new AtomicInteger();
    private final Map<Long, String> failures = new ConcurrentHashMap<>();

    record Result(int probes, Map<Long, String> failures) {}

    HealthWatch(int port) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
              .timeout(Duration.ofSeconds(10))
              .build();
      executor.scheduleWithFixedDelay(
          () -> {
            try {
              HttpResponse<String> response =
                  http.send(request, HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != 200) {
                failures.put(
                    System.currentTimeMillis(), response.statusCode() + " " + response.body());
              }
            } catch (Exception e) {
              failures.put(System.currentTimeMillis(), e.toString());
            }
            probes.incrementAndGet();
          },
          0,
          250,
          TimeUnit.MILLISECONDS);
    }

    Result stop() throws InterruptedException {
      executor.shutdown();
      assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      return new Result(probes.get(), new TreeMap<>(failures));
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  // --- reads --------------------------------------------------------------------------------

  private static Set<String> streamThreads(StreamsService service) {
    return service.app().kafkaStreams().metadataForLocalThreads().stream()
        .map(ThreadMetadata::threadName)
        .collect(Collectors.toSet());
  }

  private static Map<String, MetricTotal> metricTotals(String bootstrap) {
    return CommittedRecords.latest(
        bootstrap,
        Topics.METRIC_TOTALS,
        bytes -> TallySerdes.metricTotal().deserialize(Topics.METRIC_TOTALS, bytes));
  }

  private List<Sample> scrape(int port) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(response.statusCode()).isEqualTo(200);
      return PrometheusText.parse(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static double sum(List<Sample> samples, String name) {
    return PrometheusText.find(samples, name, Map.of()).stream().mapToDouble(Sample::value).sum();
  }

  private static double single(List<Sample> samples, String reason) {
    List<Sample> found =
        PrometheusText.find(samples, "tally_dead_letters_total", Map.of("reason", reason));
    assertThat(found).as("tally_dead_letters_total{reason=\"%s\"}", reason).hasSize(1);
    return found.get(0).value();
  }

  private static String origin(RecordMetadata metadata) {
    assertThat(metadata.topic()).isEqualTo(Topics.FIGURE_EVENTS);
    return metadata.partition() + "@" + metadata.offset();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static DeadLetterReason reason(String code) {
    return Arrays.stream(DeadLetterReason.values())
        .filter(r -> r.code().equals(code))
        .findFirst()
        .orElseThrow(() -> new AssertionError("unknown dead-letter reason " + code));
  }

  private static Map<DeadLetterReason, Long> byReason(List<Pill> faults) {
    Map<DeadLetterReason, Long> out = new EnumMap<>(DeadLetterReason.class);
    faults.forEach(f -> out.merge(f.expected(), 1L, Long::sum));
    return out;
  }

  private static String codes(Map<DeadLetterReason, Long> byReason) {
    Map<String, Long> out = new LinkedHashMap<>();
    byReason.forEach((r, n) -> out.put(r.code(), n));
    return out.toString();
  }

  private static String reasons(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream()
        .collect(
            Collectors.groupingBy(
                r -> String.valueOf(header(r, DLQ_REASON)), TreeMap::new, Collectors.counting()))
        .toString();
  }
}
