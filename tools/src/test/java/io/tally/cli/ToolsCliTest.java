package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** With the tools on the class path, {@code tally} has the demo, broker and bench commands. */
class ToolsCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = TallyCli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpListsTheToolsAfterTheRuntimeCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .containsSubsequence("scenario", "replay", "streams", "demo", "broker", "bench");
    for (String tool : ToolCommands.NAMES) {
      assertThat(run(tool, "--help")).as(tool).isZero();
    }
    assertThat(out.toString()).contains("Usage: tally demo", "Usage: tally broker");
  }

  @Test
  void benchNeedsAWorkDirectoryToKeepRecordings() {
    assertThat(run("bench", "--jfr")).isEqualTo(2);
    assertThat(err.toString()).contains("--jfr needs --work-dir");
  }

  @Test
  void benchRefusesAHeapTheJvmWouldNot() {
    assertThat(run("bench", "--heap", "lots")).isEqualTo(2);
    assertThat(err.toString()).contains("--heap: a JVM heap size like 512m or 1g, got lots");
  }

  @Test
  void completionCoversTheTools() {
    assertThat(run("generate-completion")).isZero();
    assertThat(out.toString()).contains("demo", "broker", "bench", "--exit-when-done");
  }
}
