package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** A busy port and an unreachable cluster: one line, exit code 2, no flood of client warnings. */
class StartupChecksTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLogs() {
    logged.start();
    root.addAppender(logged);
  }

  @AfterEach
  void releaseLogs() {
    root.detachAppender(logged);
  }

  private int run(String... args) {
    CommandLine cli = TallyCli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private long warnings() {
    return logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aBusyMetricsPortIsOneLineBeforeAnythingStarts() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = busy.getLocalPort();
      int code =
          run(
              "streams",
              "--bootstrap-servers",
              "127.0.0.1:" + closedPort(),
              "--metrics-port",
              String.valueOf(port));
      assertThat(code).isEqualTo(2);
      assertThat(err.toString().strip())
          .startsWith(
              "tally streams: --metrics-port " + port + ": cannot listen on 127.0.0.1:" + port)
          .doesNotContain("\n");
      // Found before Kafka was asked anything: the closed bootstrap port was never tried.
      assertThat(logged.list).noneMatch(e -> e.getFormattedMessage().contains("configuration"));
    }
  }

  @Test
  void anUnreachableClusterIsOneLineWithinTheConnectTimeout() throws Exception {
    int port = closedPort();
    int code =
        run(
            "replay",
            "--bootstrap-servers",
            "127.0.0.1:" + port,
            "--connect-timeout",
            "2s",
            "--scenario",
            "double11-2022");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "tally replay: cannot reach the Kafka cluster at 127.0.0.1:"
                + port
                + " within 2.0 s (--connect-timeout); is it running, and are the address and"
                + " security settings right?");
    assertThat(warnings()).isZero();

    err.getBuffer().setLength(0);
    code =
        run(
            "streams",
            "--bootstrap-servers",
            "127.0.0.1:" + port,
            "--connect-timeout",
            "1s",
            "--metrics-port",
            "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("tally streams: cannot reach the Kafka cluster");
    assertThat(warnings()).isZero();
  }
}
