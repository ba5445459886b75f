package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.scenario.Figure;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-command demo, end to end, as a user runs it: a child JVM runs {@code tally demo} at max
 * speed on its embedded broker; every figure of the bundled scenario appears on {@code /metrics}
 * with its exact value, and the process shuts down cleanly.
 */
class DemoIT {
  private static final Pattern METRICS_URL =
      Pattern.compile("Metrics: +(http://localhost:\\d+)/metrics");
  private static final Pattern FIGURE_SAMPLE =
      Pattern.compile(
          "^tally_figure_value\\{[^}]*figure=\"([^\"]+)\"[^}]*\\} (\\S+)$", Pattern.MULTILINE);

  @TempDir Path tmp;

  private Process startDemo(String... extra) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-XX:+UseSerialGC");
    // The test class path has logback-test.xml; the demo should log as it does for users.
    command.add("-Dlogback.configurationFile=logback.xml");
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.tally.cli.TallyCli");
    command.add("demo");
    command.add("--metrics-port");
    command.add("0");
    command.add("--speed");
    command.add("max");
    command.addAll(List.of(extra));
    return new ProcessBuilder(command)
        .redirectError(tmp.resolve("demo-stderr.txt").toFile())
        .start();
  }

  /** Collects the child's stdout lines in the background. */
  private static LinkedBlockingQueue<String> lines(Process process) {
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture.runAsync(
        () -> {
          try (BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
              lines.add(line);
            }
          } catch (IOException e) {
            lines.add("<stdout closed: " + e + ">");
          }
        });
    return lines;
  }

  private static String awaitLine(
      LinkedBlockingQueue<String> lines, Pattern pattern, StringBuilder seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        seen.append(line).append('\n');
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m.groupCount() > 0 ? m.group(1) : line;
        }
      }
    }
    throw new AssertionError("demo never printed " + pattern + "; it printed:\n" + seen);
  }

  @Test
  void everyFigureOnMetricsThenCleanShutdown() throws Exception {
    Scenario scenario = ScenarioLoader.load("double11-2022");
    Process demo = startDemo();
    try {
      LinkedBlockingQueue<String> out = lines(demo);
      StringBuilder seen = new StringBuilder();
      String base = awaitLine(out, METRICS_URL, seen);
      awaitLine(out, Pattern.compile("^Serving "), seen);
      assertThat(seen.toString()).contains("43 figures: 43 exact, 0 pending, 0 mismatched");

      HttpResponse<String> scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      Map<String, BigDecimal> values = new HashMap<>();
      Matcher m = FIGURE_SAMPLE.matcher(scrape.body());
      while (m.find()) {
        values.put(m.group(1), new BigDecimal(m.group(2)));
      }
      for (Figure f : scenario.figures()) {
        assertThat(values.get(f.id())).as(f.id()).isNotNull();
        assertThat(values.get(f.id())).as(f.id()).isEqualByComparingTo(f.value());
      }
    } finally {
      demo.destroy();
    }
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo stops within 60 s of SIGTERM").isTrue();
    String stderr = Files.readString(tmp.resolve("demo-stderr.txt"));
    assertThat(stderr).contains("Kafka Streams PENDING_SHUTDOWN -> NOT_RUNNING", "stopped");
    assertThat(stderr).doesNotContain("Exception in thread");
    try (var leftovers = Files.list(tmp)) {
      assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith("tally-")))
          .as("broker data and state removed")
          .isEmpty();
    }
  }

  @Test
  void exitWhenDoneExitsZeroWhenEveryFigureReconciles() throws Exception {
    Process demo = startDemo("--exit-when-done");
    LinkedBlockingQueue<String> out = lines(demo);
    assertThat(demo.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(demo.exitValue()).isZero();
    List<String> printed = new ArrayList<>();
    out.drainTo(printed);
    assertThat(String.join("\n", printed))
        .contains("FIGURE", "population-65-plus", "190000000", "EXACT")
        .contains("43 figures: 43 exact, 0 pending, 0 mismatched")
        .containsPattern("Run double11-2022-[0-9a-f]+: COMPLETE");
  }
}
