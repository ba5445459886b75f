package io.tally.runtime;

import static io.tally.topics.Headers.DLQ_DETAIL;
import static io.tally.topics.Headers.DLQ_REASON;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.avro.Provenance;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.http.TallyHttpServer;
import io.tally.reconcile.ExpectedFigure;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.scenario.ScenarioLoader;
import io.tally.serde.TallySerdes;
import io.tally.testkit.Await;
import io.tally.topics.Keys;
import io.tally.topics.Topics;
import io.tally.topology.DeadLetterFit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 on a real broker: records as large as the broker accepts (a 1,048,400-byte garbage
 * value, a 1,000,000-character key, an event with a 1,000,000-character label), an event dated
 * 1900, more half-sent HTTP requests than the server has workers, and 50 concurrent gzip scrapes.
 * Each record is dead-lettered once in a form that fits, no stream thread is replaced, every
 * endpoint keeps answering, and a good replay afterwards reconciles every figure exactly. Then the
 * broker goes away, and {@code /health/ready} turns 503 once no broker has answered for {@link
 * Readiness#UNREACHABLE_LIMIT}.
 */
class HostileInputIT {
  private static final String SCENARIO = "double11-2022";
  private static final Duration RESULTS = Duration.ofSeconds(120);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Test
  @SuppressWarnings("try") // the broker is closed early on purpose: the cluster goes away
  void hostileRecordsAndClientsDoNotStopTheCounting(@TempDir Path stateDir) throws Exception {
    Expander expander = new Expander(ScenarioLoader.load(SCENARIO), ExpansionOptions.defaults());
    List<ExpectedFigure> figures = ExpectedFigures.of(expander.scenario());
    FigureEvent real = expander.eventList().get(0);
    String realKey = Keys.metric(real.getScenario(), real.getTheme(), real.getMetric());

    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDefaultPartitions(6));
        StreamsService service = startService(broker, stateDir, figures)) {
      String bootstrap = broker.bootstrapServers();
      Set<String> threadsAtStart = streamThreads(service);

      byte[] garbage = new byte[1_048_400];
      new Random(13).nextBytes(garbage);
      FigureEvent hugeLabel =
          FigureEvent.newBuilder(real)
              .setProvenance(
                  Provenance.newBuilder(real.getProvenance())
                      .setLabel("l".repeat(1_000_000))
                      .build())
              .build();
      FigureEvent from1900 =
          FigureEvent.newBuilder(real)
              .setEventTime(Instant.parse("1900-01-02T00:00:00Z"))
              .setPeriodStart(Instant.parse("1900-01-01T00:00:00Z"))
              .setPeriodEnd(Instant.parse("1900-01-31T00:00:00Z"))
              .build();
      try (KafkaProducer<String, byte[]> injector = injector(bootstrap)) {
        send(injector, realKey, garbage);
        send(injector, "k".repeat(1_000_000), "garbage".getBytes(StandardCharsets.UTF_8));
        send(injector, realKey, encode(hugeLabel));
        send(injector, realKey, encode(from1900));
      }

      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < TallyHttpServer.WORKERS + 16; i++) {
          slow.add(halfSentRequest(service.httpPort()));
        }
        assertThat(get(service, "/health/live", false).statusCode()).isEqualTo(200);
        List<CompletableFuture<HttpResponse<byte[]>>> scrapes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          scrapes.add(
              http.sendAsync(
                  request(service, "/metrics", true), HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> scrape : scrapes) {
          HttpResponse<byte[]> response = scrape.get(120, TimeUnit.SECONDS);
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        }
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }

      ReplaySummary summary =
          new ReplayJob(ReplaySettings.defaults(bootstrap)).run(expander, ProgressListener.NONE);
      assertThat(summary.complete()).as(summary.describe()).isTrue();
      Await.until(
          "every figure reconciled exactly",
          RESULTS,
          service::reconcile,
          r -> r.summary().allExact(),
          r -> r.summary().toString());
      // A gzip scrape, and one more that reuses the compressed pieces of the first, are the plain
      // text. (/metrics shows a total once the commit lets it out of the cache, which can be a
      // commit after the reconciliation's store query saw it: hence the wait for a settled text.)
      Await.until(
          "gzip scrapes the same as the plain text around them",
          RESULTS,
          () -> scrapes(service),
          s -> !s.get(0).isEmpty() && s.stream().allMatch(s.get(0)::equals),
          s -> s.stream().map(lines -> lines.size() + " lines").toList().toString());

      List<ConsumerRecord<String, byte[]>> letters =
          Await.until(
              "4 dead letters",
              RESULTS,
              () -> CommittedRecords.read(bootstrap, Topics.DEAD_LETTERS),
              records -> records.size() >= 4,
              records -> records.size() + " records");
      assertThat(letters).hasSize(4);
      Map<String, String> reasons = new TreeMap<>();
      for (ConsumerRecord<String, byte[]> letter : letters) {
        assertThat(recordBytes(letter)).isLessThanOrEqualTo(DeadLetterFit.MAX_RECORD_BYTES);
        String reason = header(letter, DLQ_REASON);
        String cut = header(letter, DeadLetterFit.VALUE_CUT);
        String keyCut = header(letter, DeadLetterFit.KEY_CUT);
        reasons.merge(
            reason
                + (cut != null ? " value-cut-from " + cut : "")
                + (keyCut != null ? " key-cut-from " + keyCut : ""),
            header(letter, DLQ_DETAIL),
            (a, b) -> a + " | " + b);
      }
      assertThat(reasons.keySet())
          .containsExactlyInAnyOrder(
              "undecodable value-cut-from 1048400",
              "undecodable key-cut-from 1000000",
              "oversized value-cut-from " + encode(hugeLabel).length,
              "absurd-event-time");
      assertThat(reasons.get("oversized value-cut-from " + encode(hugeLabel).length))
          .isEqualTo("provenance.label: 1000000 characters, at most 200");
      assertThat(reasons.get("absurd-event-time"))
          .contains("before 1970-01-02T00:00:00Z, the earliest Tally counts");

      assertThat(streamThreads(service)).as("no stream thread replaced").isEqualTo(threadsAtStart);
      HttpResponse<byte[]> ready = get(service, "/health/ready", false);
      assertThat(ready.statusCode())
          .as(new String(ready.body(), StandardCharsets.UTF_8))
          .isEqualTo(200);

      // The cluster goes away: readiness says so once no broker has answered for the stated time;
      // liveness stays cheap.
      broker.close();
      HttpResponse<byte[]> notReady =
          Await.until(
              "/health/ready 503 with the cluster gone",
              RESULTS,
              () -> getQuietly(service, "/health/ready"),
              r -> r.statusCode() == 503,
              r -> r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
      assertThat(new String(notReady.body(), StandardCharsets.UTF_8))
          .contains("no broker has answered for");
      assertThat(get(service, "/health/live", false).statusCode()).isEqualTo(200);
      System.out.println(
          "hostile input: 4 hostile records dead-lettered in a form that fits, "
              + (TallyHttpServer.WORKERS + 16)
              + " half-sent requests, 50 concurrent gzip scrapes; 43 figures exact afterwards");
    }
  }

  private static StreamsService startService(
      EmbeddedKafkaBroker broker, Path stateDir, List<ExpectedFigure> figures) throws Exception {
    return LocalService.start(broker, stateDir, "tally-hostile-it", 6, figures);
  }

  private static KafkaProducer<String, byte[]> injector(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.CLIENT_ID_CONFIG,
            "tally-hostile-injector"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void send(KafkaProducer<String, byte[]> producer, String key, byte[] value)
      throws Exception {
    producer.send(new ProducerRecord<>(Topics.FIGURE_EVENTS, key, value)).get(30, TimeUnit.SECONDS);
  }

  private static byte[] encode(FigureEvent event) {
    return TallySerdes.figureEvent().serialize(Topics.FIGURE_EVENTS, event);
  }

  private static Socket halfSentRequest(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = socket.getOutputStream();
    out.write(
        "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private HttpRequest request(StreamsService service, String path, boolean gzip) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
            .timeout(Duration.ofSeconds(60));
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    return request.build();
  }

  private HttpResponse<byte[]> get(StreamsService service, String path, boolean gzip)
      throws Exception {
    return http.send(request(service, path, gzip), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The figure series of a plain scrape, two gzip scrapes, and a plain one again. */
  private List<List<String>> scrapes(StreamsService service) {
    try {
      return List.of(
          figureLines(get(service, "/metrics", false).body()),
          figureLines(gunzip(get(service, "/metrics", true).body())),
          figureLines(gunzip(get(service, "/metrics", true).body())),
          figureLines(get(service, "/metrics", false).body()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The per-figure series of a scrape, which stay put once every figure is exact. */
  private static List<String> figureLines(byte[] body) {
    return new String(body, StandardCharsets.UTF_8)
        .lines()
        .filter(line -> line.startsWith("tally_figure"))
        .toList();
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  private HttpResponse<byte[]> getQuietly(StreamsService service, String path) {
    try {
      return get(service, path, false);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static int recordBytes(ConsumerRecord<String, byte[]> record) {
    int headers = 0;
    for (Header h : record.headers()) {
      headers += 16 + h.key().length() + (h.value() == null ? 0 : h.value().length);
    }
    return record.serializedKeySize() + Math.max(0, record.serializedValueSize()) + headers;
  }

  private static Set<String> streamThreads(StreamsService service) {
    return service.app().kafkaStreams().metadataForLocalThreads().stream()
        .map(ThreadMetadata::threadName)
        .collect(Collectors.toSet());
  }
}
