package io.tally.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process whose combined output is copied to a log file and kept in memory, so a test can
 * wait for a line and show the log when something goes wrong. {@link #close()} asks it to stop
 * (SIGTERM, so shutdown hooks run) and kills it if it has not stopped in time.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread pump;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pump = new Thread(this::pumpOutput, name + "-output");
    this.pump.setDaemon(true);
  }

  static ChildProcess start(String name, List<String> command, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ChildProcess child = new ChildProcess(name, process, log);
    child.pump.start();
    return child;
  }

  private void pumpOutput() {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        out.write(line);
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      // The process ended or its output was closed: nothing more to copy.
    }
  }

  /**
   * Waits for a line matching {@code pattern}.
   *
   * @return the match
   * @throws IllegalStateException if the process exits first or the timeout passes, with the log
   */
  Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      List<String> snapshot = List.copyOf(lines);
      for (int i = seen; i < snapshot.size(); i++) {
        Matcher m = pattern.matcher(snapshot.get(i));
        if (m.find()) {
          return m;
        }
      }
      seen = snapshot.size();
      if (!process.isAlive()) {
        pump.join(1000);
        if (lines.size() == seen) {
          throw new IllegalStateException(
              name
                  + " exited with "
                  + process.exitValue()
                  + " before printing /"
                  + pattern
                  + "/:\n"
                  + tail());
        }
        continue;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        name + " printed no line matching /" + pattern + "/ within " + timeout + ":\n" + tail());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of output, for failure messages. */
  String tail() {
    List<String> snapshot = List.copyOf(lines);
    return String.join("\n", snapshot.subList(Math.max(0, snapshot.size() - 40), snapshot.size()))
        + "\n(full log: "
        + log
        + ")";
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      pump.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a command to its end (bounded) and returns its exit code and output. */
  static Result run(List<String> command, Duration timeout) {
    Path output = null;
    try {
      output = Files.createTempFile("tally-e2e-command", ".txt");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // A leftover temp file is harmless.
        }
      }
    }
  }

  record Result(int exitCode, String output) {}
}
