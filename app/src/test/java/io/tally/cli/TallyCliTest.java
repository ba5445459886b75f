package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TallyCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine cli = TallyCli.commandLine(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void everyCommandHasHelp() {
    String[][] commands = {
      {},
      {"scenario"},
      {"scenario", "validate"},
      {"scenario", "list"},
      {"scenario", "show"},
      {"scenario", "generate"},
      {"replay"},
      {"streams"}
    };
    for (String[] command : commands) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      assertThat(run(Map.of(), args)).as(String.join(" ", args)).isZero();
    }
    assertThat(out.toString()).contains("Usage: tally replay", "--bootstrap-servers", "--speed");
  }

  @Test
  void versionNamesKafkaAndAvro() {
    assertThat(run(Map.of(), "--version")).isZero();
    assertThat(out.toString()).contains("tally ", "Apache Kafka 4.", "Apache Avro 1.12");
  }

  @Test
  void validatePassesTheBundledScenario() {
    assertThat(run(Map.of(), "scenario", "validate", "double11-2022")).isZero();
    assertThat(out.toString()).contains("ok: double11-2022", "43 figures");
  }

  @Test
  void validateRefusesABadFileWithExitCode2AndNoStackTrace(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "scenario: x\ntitle: t\nsource: s\ntimeZone: UTC\ncolour: red\n");
    assertThat(run(Map.of(), "scenario", "validate", bad.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains(bad + ":5: colour: unknown field \"colour\"")
        .contains(bad + ":1: missing field \"themes\"")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void generateWritesAScenarioThatValidates(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("synthetic.yaml");
    assertThat(
            run(
                Map.of(),
                "scenario",
                "generate",
                "--figures",
                "120",
                "--events-per-figure",
                "7",
                "--out",
                file.toString()))
        .isZero();
    assertThat(err.toString()).contains("120 figures, 840 events at --events-per-figure 7");
    assertThat(run(Map.of(), "scenario", "validate", file.toString())).isZero();
    assertThat(out.toString()).contains("ok: " + file + " (synthetic-120)");
  }

  @Test
  void generateRefusesImpossibleSizesAsUserErrors() {
    assertThat(run(Map.of(), "scenario", "generate", "--figures", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("figures must be between 1 and").doesNotContain("\tat ");
  }

  @Test
  void replayWithABadScenarioExitsWith2BeforeProducing() {
    int code =
        run(Map.of(), "replay", "--bootstrap-servers", "127.0.0.1:1", "--scenario", "nope.yaml");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("nope.yaml: no such file").doesNotContain("\tat ");
  }

  @Test
  void badSpeedIsAUserError() {
    int code = run(Map.of(), "replay", "--bootstrap-servers", "127.0.0.1:1", "--speed", "fast");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--speed: speed must be a positive factor");
  }

  @Test
  void missingBootstrapServersIsAUsageError() {
    assertThat(run(Map.of(), "replay")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--bootstrap-servers");
  }

  @Test
  void environmentProvidesDefaultsAndFlagsWin(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("tally.properties");
    Files.writeString(config, "events-per-figure=0\n");
    // The file says 0 (invalid): proves the file is read; the env var wins over the file.
    int fromFile =
        run(
            Map.of("TALLY_CONFIG", config.toString(), "TALLY_BOOTSTRAP_SERVERS", "127.0.0.1:1"),
            "replay");
    assertThat(fromFile).isEqualTo(2);
    assertThat(err.toString()).contains("--events-per-figure");

    EnvironmentDefaults defaults =
        new EnvironmentDefaults(
            Map.of("TALLY_CONFIG", config.toString(), "TALLY_EVENTS_PER_FIGURE", "5"));
    CommandLine cli = new CommandLine(new ReplayCommand());
    cli.setDefaultValueProvider(defaults);
    cli.parseArgs("--bootstrap-servers", "x:1");
    assertThat(((ReplayCommand) cli.getCommand()).expansion.eventsPerFigure).isEqualTo(5);
    cli.parseArgs("--bootstrap-servers", "x:1", "--events-per-figure", "7");
    assertThat(((ReplayCommand) cli.getCommand()).expansion.eventsPerFigure).isEqualTo(7);
  }

  @Test
  void hostileScenarioFilesAreOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    if (Files.exists(Path.of("/dev/zero"))) {
      assertThat(run(Map.of(), "scenario", "validate", "/dev/zero")).isEqualTo(2);
      assertThat(err.toString().strip())
          .isEqualTo("/dev/zero: not a regular file (a device, FIFO or socket?), not read");
    }
    Path huge = dir.resolve("huge.yaml");
    Files.writeString(huge, "scenario: " + "x".repeat(3_000_000) + "\n");
    err.getBuffer().setLength(0);
    assertThat(run(Map.of(), "scenario", "validate", huge.toString())).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith(huge + ":1: scenario: line of 3000010 characters")
        .doesNotContain("\n");
  }

  @Test
  void aRunIdIsBounded() {
    assertThat(
            run(
                Map.of(),
                "replay",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--run-id",
                "r".repeat(129)))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--run-id: from 1 to 128 characters, got 129");
  }

  @Test
  void secretsAreMaskedInThePrintedConfiguration() {
    String printed =
        ConfigPrinter.render(
            Map.of(
                "kafka.sasl.jaas.config", "PlainLoginModule required password=\"hunter2\";",
                "kafka.ssl.truststore.password", "hunter2",
                "bootstrap.servers", "b:9092"));
    assertThat(printed).contains("b:9092", "[hidden]").doesNotContain("hunter2");
  }

  @Test
  void mainEntryReturnsExitCodes() {
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertThat(TallyCli.run(Map.of("TALLY_CONFIG", "/no/such.properties"), "--version"))
          .isEqualTo(2);
    } finally {
      System.setErr(saved);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("TALLY_CONFIG=/no/such.properties");
  }

  @Test
  void theToolsAreNotPartOfTheRuntime() {
    assertThat(TallyCli.commandLine(Map.of()).getSubcommands())
        .containsKeys("scenario", "replay", "streams")
        .doesNotContainKeys("demo", "broker", "bench");
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertThat(TallyCli.run(Map.of(), "demo", "--exit-when-done")).isEqualTo(2);
    } finally {
      System.setErr(saved);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("tally demo: not part of this runtime", "bin/tally");
  }

  @Test
  void logFormatComesFromTheFlagThenTheEnvironment() {
    Map<String, String> json = Map.of("TALLY_LOG_FORMAT", "json");
    assertThat(LogFormat.select(Map.of(), "replay")).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.select(json, "replay")).isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.select(json, "--log-format", "text", "replay")).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.select(Map.of(), "streams", "--log-format=JSON"))
        .isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.select(Map.of(), "scenario", "show", "--", "--log-format=json"))
        .isEqualTo(LogFormat.TEXT);
  }

  @Test
  void anUnknownLogFormatIsAUsageError() {
    assertThat(run(Map.of(), "replay", "--log-format", "xml", "--bootstrap-servers", "x:1"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--log-format");
    assertThat(run(Map.of("TALLY_LOG_FORMAT", "json"), "scenario", "list")).isZero();
  }

  @Test
  void completionScriptServesBashAndZsh() {
    assertThat(run(Map.of(), "generate-completion")).isZero();
    assertThat(out.toString())
        .contains("complete -F _complete_tally", "ZSH_VERSION", "bashcompinit")
        .contains("replay", "streams", "--bootstrap-servers", "--log-format");
  }
}
