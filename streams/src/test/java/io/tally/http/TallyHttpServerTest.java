package io.tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP server with its real routes on 127.0.0.1, a free port, driven by the JDK client. One
 * server for the class: the JDK server's stop waits out its delay even when idle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TallyHttpServerTest {
  private static final String THEME = "就业创业";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean running = new AtomicBoolean();
  // Counts the collections of the registry, i.e. the scrapes that really ran.
  private final AtomicInteger refreshes = new AtomicInteger();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private TallyHttpServer server;

  @BeforeAll
  void start() throws IOException {
    Counter.builder("tally.events.counted")
        .description("Events counted into the running totals")
        .tags("scenario", "double11-2022", "theme", THEME)
        .register(registry)
        .increment(3);
    Map<String, TallyHttpServer.Route> routes = new LinkedHashMap<>();
    registry
        .getPrometheusRegistry()
        .register(
            (MultiCollector)
                () -> {
                  refreshes.incrementAndGet();
                  return MetricSnapshots.builder().build();
                });
    routes.put("/metrics", new MetricsRoute(registry));
    routes.put("/health/live", HealthRoutes.live());
    routes.put(
        "/health/ready",
        HealthRoutes.ready(running::get, () -> running.get() ? "RUNNING" : "REBALANCING"));
    routes.put(
        "/boom",
        exchange -> {
          throw new IllegalStateException("route failure requested by the test");
        });
    routes.put("/empty", exchange -> new TallyHttpServer.Response(200, "text/plain", new byte[0]));
    server = TallyHttpServer.start("127.0.0.1", 0, routes);
  }

  @BeforeEach
  void reset() {
    running.set(false);
    refreshes.set(0);
  }

  @AfterAll
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void metricsAreThePrometheusTextFormatWithTheUtf8ByteLength() throws Exception {
    HttpResponse<byte[]> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.headers().firstValueAsLong("Content-Length"))
        .hasValue(body.getBytes(StandardCharsets.UTF_8).length);
    // The Chinese label makes the byte length exceed the character count: a server sending the
    // latter would cut the body short.
    assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(body.length());
    assertThat(body)
        .contains("# TYPE tally_events_counted_total counter")
        .contains("theme=\"" + THEME + "\"")
        .contains(
            "tally_events_counted_total{scenario=\"double11-2022\",theme=\"" + THEME + "\"} 3.0")
        .endsWith("\n");
    assertThat(refreshes).hasValue(1);
  }

  @Test
  void openMetricsWhenTheScraperAsksForIt() throws Exception {
    // What Prometheus itself sends.
    HttpResponse<byte[]> response =
        get(
            "/metrics",
            "application/openmetrics-text;version=1.0.0;q=0.5,"
                + "application/openmetrics-text;version=0.0.1;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.headers().firstValueAsLong("Content-Length"))
        .hasValue(response.body().length);
    assertThat(body)
        .contains("# TYPE tally_events_counted counter")
        .contains("theme=\"" + THEME + "\"");
    assertThat(body.stripTrailing()).endsWith("# EOF");
  }

  @Test
  void anyOtherAcceptGetsTheTextFormat() throws Exception {
    HttpResponse<byte[]> response = get("/metrics", "text/plain");

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("# EOF");
  }

  @Test
  void readyIs503UntilStreamsRunsThen200() throws Exception {
    HttpResponse<byte[]> down = get("/health/ready");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(text(down)).contains("\"status\":\"DOWN\"").contains("\"streams\":\"REBALANCING\"");
    assertThat(down.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");

    running.set(true);

    HttpResponse<byte[]> up = get("/health/ready");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(text(up)).contains("\"status\":\"UP\"").contains("\"streams\":\"RUNNING\"");
  }

  @Test
  void liveIsAlways200() throws Exception {
    HttpResponse<byte[]> response = get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).contains("\"status\":\"UP\"");
  }

  @Test
  void unknownPathsAre404() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/health").statusCode()).isEqualTo(404);
    // A route answers its own path only, not every path that starts with the same characters.
    assertThat(get("/metricsfoo").statusCode()).isEqualTo(404);
    assertThat(get("/health/readyz").statusCode()).isEqualTo(404);
    assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
    assertThat(send("/nope", "POST").statusCode()).isEqualTo(404);
    assertThat(send("/", "DELETE").statusCode()).isEqualTo(404);
    assertThat(refreshes).hasValue(0);
  }

  @Test
  void aQueryStringDoesNotChangeTheRoute() throws Exception {
    assertThat(get("/health/live?verbose=1").statusCode()).isEqualTo(200);
  }

  @Test
  void postIs405WithAllow() throws Exception {
    HttpResponse<byte[]> response = send("/metrics", "POST");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(refreshes).hasValue(0);
  }

  @Test
  void headAnswersWithoutBody() throws Exception {
    HttpResponse<byte[]> response =
        client.send(
            request("/health/live").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void aFailingRouteIs500AndTheServerKeepsServing() throws Exception {
    for (int i = 0; i < 6; i++) {
      HttpResponse<byte[]> failed = get("/boom");
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(text(failed)).contains("route failure requested by the test");
    }

    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void anEmptyBodyIsSentWithContentLengthZero() throws Exception {
    HttpResponse<byte[]> response = get("/empty");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
  }

  @Test
  void bindsTheRequestedInterfaceAndAFreePort() {
    assertThat(server.port()).isPositive();
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path, String accept)
      throws IOException, InterruptedException {
    return client.send(
        request(path).header("Accept", accept).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> send(String path, String method)
      throws IOException, InterruptedException {
    return client.send(
        request(path).method(method, HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(10));
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
