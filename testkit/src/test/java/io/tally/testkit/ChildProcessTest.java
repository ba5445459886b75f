package io.tally.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {
  private static final List<String> JVM = List.of("-Xmx32m", "-XX:+UseSerialGC");

  @TempDir Path logs;

  /** A child for the tests: prints its arguments, one per line, then waits or exits. */
  public static final class Echo {
    public static void main(String[] args) throws InterruptedException {
      for (String arg : args) {
        if (arg.equals("wait")) {
          Thread.sleep(Long.MAX_VALUE);
        } else if (arg.startsWith("exit=")) {
          System.exit(Integer.parseInt(arg.substring(5)));
        } else if (arg.startsWith("err=")) {
          System.err.println(arg.substring(4));
        } else {
          System.out.println(arg);
        }
      }
    }
  }

  private ChildProcess echo(String name, String... args) {
    return ChildProcess.start(
        name, ChildProcess.javaCommand(JVM, Echo.class.getName(), List.of(args)), logs);
  }

  @Test
  void awaitsALineOnStdoutOrStderrAndKeepsTheOutput() throws InterruptedException {
    try (ChildProcess child = echo("echo", "ready on port 4242", "err=a warning", "wait")) {
      assertThat(child.awaitLine(Pattern.compile("port (\\d+)"), Duration.ofSeconds(30)).group(1))
          .isEqualTo("4242");
      assertThat(child.awaitLine(Pattern.compile("warning"), Duration.ofSeconds(30)).group())
          .isEqualTo("warning");
      assertThat(child.stdoutLines()).containsExactly("ready on port 4242");
      assertThat(child.stop(Duration.ofSeconds(10))).isNotZero();
      assertThat(child.isAlive()).isFalse();
    }
    assertThat(logs.resolve("echo.out")).content().isEqualTo("ready on port 4242\n");
    assertThat(logs.resolve("echo.err")).content().isEqualTo("a warning\n");
  }

  @Test
  void aChildThatExitsBeforeTheLineFailsWithItsOutput() {
    try (ChildProcess child = echo("quits", "starting", "exit=3")) {
      assertThatThrownBy(() -> child.awaitLine(Pattern.compile("never"), Duration.ofSeconds(60)))
          .isInstanceOf(ChildProcessException.class)
          .hasMessageContaining("quits exited (code 3) before printing /never/")
          .hasMessageContaining("starting");
    }
  }

  @Test
  void aLineThatDoesNotComeInTimeFailsWithTheTail() {
    try (ChildProcess child = echo("silent", "something else", "wait")) {
      assertThatThrownBy(() -> child.awaitLine(Pattern.compile("never"), Duration.ofSeconds(2)))
          .isInstanceOf(ChildProcessException.class)
          .hasMessageContaining("silent printed no line matching /never/ within PT2S")
          .hasMessageContaining("something else");
    }
  }

  @Test
  void exitCodesAreReportedAndAFailureNamesIt() throws InterruptedException {
    try (ChildProcess ok = echo("ok", "done")) {
      ok.awaitSuccess(Duration.ofSeconds(60));
    }
    try (ChildProcess failing = echo("failing", "exit=2")) {
      assertThatThrownBy(() -> failing.awaitSuccess(Duration.ofSeconds(60)))
          .hasMessageContaining("failing failed with exit code 2");
    }
    try (ChildProcess waiting = echo("killed", "wait")) {
      assertThat(waiting.kill()).isEqualTo(137);
    }
  }

  @Test
  void runsACommandToItsEnd() {
    ChildProcess.Result result =
        ChildProcess.run(
            ChildProcess.javaCommand(JVM, Echo.class.getName(), List.of("out", "err=err")),
            Duration.ofSeconds(60));
    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).contains("out").contains("err");
  }

  @Test
  void holdWaitsAtLeastItsDuration() {
    long started = System.nanoTime();
    Await.hold(Duration.ofMillis(300));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }
}
