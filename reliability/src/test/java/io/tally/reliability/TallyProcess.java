package io.tally.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tally} command line in a child JVM, so that a test can kill it for real: {@code java
 * -Xmx512m -cp <this JVM's class path> io.tally.cli.TallyCli ARGS}, with stdout and stderr written
 * to {@code NAME.out} and {@code NAME.err} in a log directory (kept after the test for
 * post-mortems).
 *
 * <p>The child logs with the application's own {@code logback.xml}, as a user's would. Every child
 * still alive is killed by {@link #destroyAll()} and, failing that, when this JVM exits.
 */
final class TallyProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TallyProcess.class);
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(TallyProcess::destroyAll, "tally-process-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private TallyProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code tally ARGS} in a child JVM.
   *
   * @param name names the log files and the log lines about this child
   * @param logDir where {@code NAME.out} and {@code NAME.err} go
   * @param tmpDir the child's {@code java.io.tmpdir}
   */
  static TallyProcess start(String name, Path logDir, Path tmpDir, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    // The test class path holds logback-test.xml; children log as the application does.
    command.add("-Dlogback.configurationFile=logback.xml");
    command.add("-Djava.io.tmpdir=" + tmpDir);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.tally.cli.TallyCli");
    command.addAll(args);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    try {
      Files.createDirectories(logDir);
      Files.createDirectories(tmpDir);
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      LIVE.add(process);
      log.info("started {} (pid {}): tally {}", name, process.pid(), String.join(" ", args));
      return new TallyProcess(name, process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Kills every child this JVM started that still runs. */
  static void destroyAll() {
    for (Process process : LIVE) {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
    LIVE.clear();
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until a line of the child's stdout or stderr matches.
   *
   * @return the match
   * @throws AssertionError if the child exits or the timeout passes first (with the output's tail)
   */
  Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Matcher> found = findLine(pattern);
      if (found.isPresent()) {
        return found.get();
      }
      if (!process.isAlive()) {
        // One more look: the line may have been written just before the exit.
        found = findLine(pattern);
        if (found.isPresent()) {
          return found.get();
        }
        throw new AssertionError(
            name
                + " exited (code "
                + process.exitValue()
                + ") before printing /"
                + pattern
                + "/"
                + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name + " printed no line matching /" + pattern + "/ within " + timeout + tail());
      }
      Thread.sleep(100);
    }
  }

  /** The first line of stdout or stderr that matches, if any. */
  Optional<Matcher> findLine(Pattern pattern) {
    for (Path file : List.of(stdout, stderr)) {
      for (String line : lines(file)) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /** The child's stdout so far. */
  List<String> stdoutLines() {
    return lines(stdout);
  }

  /** Kills the child at once (SIGKILL) and waits for it to exit; returns the exit code. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return awaitExit(Duration.ofSeconds(20));
  }

  /** Asks the child to stop (SIGTERM), waits (bounded), then kills it; returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("{} ignored SIGTERM for {}; killing it", name, STOP_TIMEOUT);
      process.destroyForcibly();
    }
    return awaitExit(Duration.ofSeconds(20));
  }

  /**
   * Waits for the child to exit by itself.
   *
   * @throws AssertionError if it still runs after the timeout (it is then killed)
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
      throw new AssertionError(name + " did not exit within " + timeout + tail());
    }
    LIVE.remove(process);
    return process.exitValue();
  }

  /** The last lines of the child's output, for failure messages. */
  String tail() {
    StringBuilder text = new StringBuilder();
    for (Path file : List.of(stdout, stderr)) {
      List<String> lines = lines(file);
      text.append("\n--- last lines of ").append(file).append(" ---\n");
      lines
          .subList(Math.max(0, lines.size() - 30), lines.size())
          .forEach(l -> text.append(l).append('\n'));
    }
    return text.toString();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LIVE.remove(process);
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file)
          ? List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"))
          : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
