package io.tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Clients that hold half-sent requests, send too many headers, or scrape all at once: the server
 * keeps answering everyone else, cuts the slow ones off, and gzips when asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private TallyHttpServer server;

  @BeforeAll
  void start() throws IOException {
    for (int i = 0; i < 200; i++) {
      Counter.builder("tally.test.counted").tag("n", "series-" + i).register(registry).increment(i);
    }
    server =
        TallyHttpServer.start(
            "127.0.0.1",
            0,
            Map.of("/metrics", new MetricsRoute(registry), "/health/live", HealthRoutes.live()));
  }

  @AfterAll
  void stop() {
    server.close();
    registry.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(60));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private Socket halfSentRequest() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
    OutputStream out = socket.getOutputStream();
    out.write(
        "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  @Test
  void halfSentRequestsDoNotBlockOthersAndAreCutOff() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      // More than there are workers: the server must cut them off to answer anyone else.
      for (int i = 0; i < TallyHttpServer.WORKERS + 16; i++) {
        slow.add(halfSentRequest());
      }
      HttpResponse<byte[]> live = get("/health/live");
      assertThat(live.statusCode()).isEqualTo(200);
      // Each slow connection is closed by the server (read ends) rather than held forever.
      Socket first = slow.get(0);
      first.setSoTimeout(60_000);
      InputStream in = first.getInputStream();
      int read;
      try {
        while ((read = in.read()) >= 0) {
          // A 400 or 408 answer is fine too; what matters is that the server lets go.
        }
      } catch (java.net.SocketException reset) {
        read = -1;
      }
      assertThat(read).isEqualTo(-1);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void tooManyHeadersAreRefused() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(60_000);
      StringBuilder request = new StringBuilder("GET /health/live HTTP/1.1\r\nHost: x\r\n");
      for (int i = 0; i <= TallyHttpServer.MAX_REQUEST_HEADERS + 10; i++) {
        request.append("X-H").append(i).append(": v\r\n");
      }
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      String answer;
      try {
        answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      } catch (java.net.SocketException reset) {
        answer = "";
      }
      assertThat(answer).doesNotStartWith("HTTP/1.1 200");
    }
  }

  @Test
  void metricsAreGzippedWhenAskedAndConcurrentScrapersAllGetThem() throws Exception {
    HttpResponse<byte[]> plain = get("/metrics");
    HttpResponse<byte[]> zipped = get("/metrics", "Accept-Encoding", "gzip");
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.body().length).isLessThan(plain.body().length);
    String unzipped;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
      unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(unzipped).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
    assertThat(
            get("/metrics", "Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding"))
        .isEmpty();

    List<CompletableFuture<HttpResponse<byte[]>>> scrapes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      scrapes.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                  .header("Accept-Encoding", "gzip")
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (CompletableFuture<HttpResponse<byte[]>> scrape : scrapes) {
      HttpResponse<byte[]> response = scrape.get();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    }
  }
}
