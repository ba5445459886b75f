package io.tally.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.testkit.Await;
import io.tally.testkit.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

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

  private final ChildProcess process;
  private URI base;

  StreamsApp(ChildProcess process) {
    this.process = process;
  }

  ChildProcess process() {
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
    AtomicReference<JsonNode> last = new AtomicReference<>();
    try {
      Await.poll(Fixture.SETTLE, Duration.ofMillis(500))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new AssertionError(process + " died" + process.tail());
                }
                try {
                  last.set(reconciliation());
                } catch (IOException e) {
                  last.set(JSON.createObjectNode().put("error", e.toString()));
                }
                return last.get().path("summary").path("allExact").asBoolean();
              });
    } catch (ConditionTimeoutException e) {
      // The caller asserts on the last answer's summary, which says what is not exact.
    }
    return last.get();
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
