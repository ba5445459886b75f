package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The log formats as an operator sees them: a child JVM with the shipped logback.xml runs {@code
 * tally replay} against a closed port, and its first log line (the configuration, at INFO) is read
 * from stderr: text with the date and the zone, or one JSON object per line.
 */
class LogFormatIT {
  private static final String TEXT_LINE =
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO +ReplayCommand -"
          + " tally replay configuration:.*";

  @Test
  void textLinesCarryTheDateAndTheZone() throws Exception {
    String line = firstLogLine(Map.of());
    assertThat(line).matches(TEXT_LINE);
  }

  @Test
  void theFlagAsksForOneJsonObjectPerLine() throws Exception {
    assertJson(firstLogLine(Map.of(), "--log-format", "json"));
  }

  @Test
  void theEnvironmentAsksForJsonToo() throws Exception {
    assertJson(firstLogLine(Map.of("TALLY_LOG_FORMAT", "json")));
  }

  private static void assertJson(String line) throws IOException {
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("level").asText()).isEqualTo("INFO");
    assertThat(json.path("loggerName").asText()).isEqualTo(ReplayCommand.class.getName());
    assertThat(json.path("timestamp").isNumber()).isTrue();
    assertThat(json.path("formattedMessage").asText())
        .startsWith("tally replay configuration:")
        .contains("bootstrap.servers");
  }

  /** Starts {@code tally [flags] replay} on a port nobody listens on; returns its first line. */
  private static String firstLogLine(Map<String, String> env, String... flags) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // The test class path has logback-test.xml; this checks the one users get.
    command.add("-Dlogback.configurationFile=logback.xml");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TallyCli.class.getName());
    command.addAll(List.of(flags));
    command.addAll(
        List.of("replay", "--bootstrap-servers", "127.0.0.1:" + closedPort, "--speed", "max"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("TALLY_LOG_FORMAT");
    builder.environment().putAll(env);
    Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      CompletableFuture<String> first =
          CompletableFuture.supplyAsync(
              () -> {
                try (BufferedReader err =
                    new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                  return err.readLine();
                } catch (IOException e) {
                  return "<stderr closed: " + e + ">";
                }
              });
      return first.get(60, TimeUnit.SECONDS);
    } finally {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
