package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.testkit.ChildProcess;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer contract, proven from outside Java: {@code src/test/python/tally_consumer.py}, which
 * holds no Tally schema, reads docs/asyncapi.yaml for the topics Tally writes, consumes each with
 * kcat and decodes every record with the writer schema it fetches by fingerprint from {@code
 * /api/v1/schemas}. Run against a demo that replayed the bundled report.
 */
class OtherLanguageConsumerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BOOTSTRAP = Pattern.compile("Kafka bootstrap:\\s+(\\S+)");
  private static final Pattern API = Pattern.compile("Metrics:\\s+(http://\\S+)/metrics");
  private static final Pattern SERVING = Pattern.compile("^Serving http://");

  @TempDir Path work;

  @Test
  @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
  void aPythonConsumerDecodesEveryRecordOfEveryTopicTallyWrites() throws Exception {
    String python = requireTool("python3 with python3-avro and python3-yaml", pythonWithAvro());
    requireTool("kcat", onPath("kcat") ? "kcat" : null);
    Path root = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    Path logs = Path.of(System.getProperty("tally.e2e.logs", "target/e2e-logs")).toAbsolutePath();
    Files.createDirectories(logs);

    try (ChildProcess demo = ChildProcess.start("demo-consumer", demoCommand(), logs)) {
      String bootstrap = demo.awaitLine(BOOTSTRAP, Duration.ofSeconds(180)).group(1);
      Matcher api = demo.awaitLine(API, Duration.ofSeconds(30));
      demo.awaitLine(SERVING, Duration.ofSeconds(180));

      ChildProcess.Result consumed =
          ChildProcess.run(
              List.of(
                  python,
                  root.resolve("e2e/src/test/python/tally_consumer.py").toString(),
                  root.resolve("docs/asyncapi.yaml").toString(),
                  bootstrap,
                  api.group(1).replace("localhost", "127.0.0.1")),
              Duration.ofSeconds(120));
      assertThat(consumed.exitCode()).as("the consumer's output:\n%s", consumed.output()).isZero();
      JsonNode topics = JSON.readTree(lastLine(consumed.output()));

      // The bundled report: 43 figures, 7 themes, one run, 710 events by default.
      assertThat(topics.path("tally.runs").path("records").asInt()).isEqualTo(43 + 2);
      assertThat(topics.path("tally.figure-events").path("records").asInt()).isEqualTo(710);
      assertThat(topics.path("tally.metric-totals").path("records").asInt()).isBetween(43, 710);
      assertThat(topics.path("tally.theme-totals").path("records").asInt()).isPositive();
      assertThat(topics.path("tally.metric-totals-daily").path("records").asInt()).isPositive();
      assertThat(topics.path("tally.run-status").path("records").asInt()).isPositive();
      List<String> schemas = new ArrayList<>();
      topics.forEach(t -> t.path("schemas").forEach(s -> schemas.add(s.asText())));
      assertThat(schemas)
          .contains(
              "io.tally.avro.RunDeclaration",
              "io.tally.avro.FigureDeclaration",
              "io.tally.avro.RunCompletion",
              "io.tally.avro.Observation",
              "io.tally.avro.MetricTotal",
              "io.tally.avro.ThemeTotal",
              "io.tally.avro.MetricDailyTotal",
              "io.tally.avro.RunStatus");
    }
  }

  private List<String> demoCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g",
        "-XX:+UseSerialGC",
        "-Djava.io.tmpdir=" + work,
        "-cp",
        System.getProperty("java.class.path"),
        "io.tally.cli.TallyCli",
        "demo",
        "--metrics-port",
        "0",
        "--kafka-port",
        "0",
        "--speed",
        "max",
        "--reconcile-timeout",
        "90s");
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1];
  }

  /**
   * The tool, or: under CI a failure naming the Debian packages to install, elsewhere a skip. A CI
   * run must never pass by skipping this test.
   */
  private static String requireTool(String what, String found) {
    if (found != null) {
      return found;
    }
    String message =
        what + " not found: apt-get install kcat python3-avro python3-yaml (see .ci/run)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    assumeTrue(false, message);
    return null;
  }

  /** A python3 that imports avro and yaml: Debian's, which a pyenv shim may hide. */
  private static String pythonWithAvro() {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        ChildProcess.Result r =
            ChildProcess.run(
                List.of(candidate, "-c", "import avro.io, avro.schema, yaml"),
                Duration.ofSeconds(30));
        if (r.exitCode() == 0) {
          return candidate;
        }
      } catch (UncheckedIOException e) {
        // Not installed at that path: try the next.
      }
    }
    return null;
  }

  private static boolean onPath(String tool) {
    return ChildProcess.run(List.of("sh", "-c", "command -v " + tool), Duration.ofSeconds(10))
            .exitCode()
        == 0;
  }
}
