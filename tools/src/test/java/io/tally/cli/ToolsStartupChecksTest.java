package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

/** A busy port for the tools' commands (broker, demo): one line, exit code 2, found first. */
class ToolsStartupChecksTest {
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

  @Test
  void aBusyPortIsOneLineBeforeAnythingStarts() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = busy.getLocalPort();
      assertThat(run("broker", "--port", String.valueOf(port))).isEqualTo(2);
      assertThat(err.toString().strip())
          .startsWith("tally broker: --port " + port + ": cannot listen on 127.0.0.1:" + port)
          .doesNotContain("\n");

      err.getBuffer().setLength(0);
      assertThat(run("demo", "--metrics-port", String.valueOf(port), "--speed", "max"))
          .isEqualTo(2);
      assertThat(err.toString().strip())
          .startsWith("tally demo: --metrics-port " + port)
          .doesNotContain("\n");
    }
  }
}
