package io.tally.runtime;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: Prometheus' {@code promtool} (Debian package {@code prometheus}), if it is on the
 * {@code PATH}. {@code promtool check metrics} exits with 0 when the exposition is clean, 1 when it
 * cannot be parsed and 3 when it parses but has lint problems.
 */
record Promtool(Path executable) {

  /** What {@code promtool check metrics} said. */
  record Checked(int exitCode, String output) {}

  static Optional<Promtool> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "promtool");
        if (Files.isExecutable(candidate)) {
          return Optional.of(new Promtool(candidate));
        }
      }
    }
    return Optional.empty();
  }

  /** Pipes {@code metrics} (the text format) to {@code promtool check metrics}. */
  Checked checkMetrics(String metrics) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(executable.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(metrics.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool did not finish within 30 s");
    }
    return new Checked(process.exitValue(), output);
  }
}
