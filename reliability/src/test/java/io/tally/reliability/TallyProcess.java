package io.tally.reliability;

import io.tally.testkit.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code tally} command line in a child JVM, so that a test can kill it for real: {@code java
 * -Xmx512m -cp <this JVM's class path> io.tally.cli.TallyCli ARGS}, with its output in {@code
 * NAME.out} and {@code NAME.err} in a log directory (kept after the test for post-mortems).
 *
 * <p>The child logs with the application's own {@code logback.xml}, as a user's would, or with the
 * file {@code -Dtally.reliability.logback=FILE} names (a client's TRACE log for a post-mortem).
 */
final class TallyProcess {
  private TallyProcess() {}

  /**
   * Starts {@code tally ARGS} in a child JVM.
   *
   * @param name names the log files and the log lines about this child
   * @param logDir where {@code NAME.out} and {@code NAME.err} go
   * @param tmpDir the child's {@code java.io.tmpdir}
   */
  static ChildProcess start(String name, Path logDir, Path tmpDir, List<String> args) {
    try {
      // RocksDB unpacks its native library there.
      Files.createDirectories(tmpDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ChildProcess.start(
        name,
        ChildProcess.javaCommand(
            List.of(
                "-Xmx512m",
                "-XX:+UseSerialGC",
                // The test class path holds logback-test.xml; children log as the application does.
                "-Dlogback.configurationFile="
                    + System.getProperty("tally.reliability.logback", "logback.xml"),
                "-Djava.io.tmpdir=" + tmpDir),
            "io.tally.cli.TallyCli",
            args),
        logDir);
  }
}
