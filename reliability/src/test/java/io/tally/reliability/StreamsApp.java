package io.tally.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A {@code tally streams} child JVM and its HTTP API: waits for its endpoints and for Kafka Streams
 * to run, and reads {@code /api/v1/reconciliation}.
 */
final class StreamsApp implements AutoCloseable {
  private static final Pattern HTTP =
      Pattern.compile("HTTP endpoints on (http://127\\.0\\.0\\.1:\\d+)/");
  private static final Pattern RUNNING = Pattern.compile("running: metrics on http://");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final TallyProcess process;
  private URI base;

  StreamsApp(TallyProcess process) {
    this.process = process;
  }

  TallyProcess process() {
    return process;
  }

  /** Waits until the HTTP endpoints are up (the topics exist; Kafka Streams is starting). */
  StreamsApp awaitHttp() throws InterruptedException {
    if (base == null) {
      base = URI.create(process.awaitLine(HTTP, Fixture.STARTUP).group(1) + "/");
    }
    return this;
  }

  /** Waits until Kafka Streams is RUNNING. */
  StreamsApp awaitRunning() throws InterruptedException {
    awaitHttp();
    process.awaitLine(RUNNING, Fixture.STARTUP);
    return this;
  }

  /** The reconciliation as JSON: {@code {"summary": {...}, "figures": [...]}}. */
  JsonNode reconciliation() throws IOException, InterruptedException {
    awaitHttp();
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve("api/v1/reconciliation"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "reconciliation answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * Polls the reconciliation until every figure is EXACT or {@link Fixture#SETTLE} passes; returns
   * the last answer (the caller asserts on its summary).
   */
  JsonNode awaitAllExact() throws InterruptedException {
    long deadline = System.nanoTime() + Fixture.SETTLE.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(process + " died" + process.tail());
      }
      try {
        last = reconciliation();
        if (last.path("summary").path("allExact").asBoolean()) {
          return last;
        }
      } catch (IOException e) {
        last = JSON.createObjectNode().put("error", e.toString());
      }
      Thread.sleep(500);
    }
    return last;
  }

  int kill() throws InterruptedException {
    return process.kill();
  }

  int stop() throws InterruptedException {
    return process.stop();
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return process.toString();
  }
}
