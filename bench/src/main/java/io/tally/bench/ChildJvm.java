package io.tally.bench;

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

/**
 * A Java program in a child JVM on this JVM's class path: Kafka's perf tools (which may call {@code
 * Exit.exit}), Tally's replay and streams app (so that its RSS is its own). Output goes to {@code
 * NAME.out} and {@code NAME.err} in the bench's work directory; children still alive when this JVM
 * exits are killed.
 */
final class ChildJvm implements AutoCloseable {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "tally-bench-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildJvm(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** What to start: JVM options, main class and arguments. */
  record Spec(String name, List<String> jvmOptions, String mainClass, List<String> args) {}

  static ChildJvm start(Spec spec, Path dir) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(spec.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(spec.mainClass());
    command.addAll(spec.args());
    Path out = dir.resolve(spec.name() + ".out");
    Path err = dir.resolve(spec.name() + ".err");
    try {
      Files.createDirectories(dir);
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      LIVE.add(process);
      return new ChildJvm(spec.name(), process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name(), e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the child to exit.
   *
   * @throws BenchException if it fails or outlives the timeout (it is then killed)
   */
  void awaitSuccess(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new BenchException(name + " did not finish within " + timeout + tail());
    }
    LIVE.remove(process);
    if (process.exitValue() != 0) {
      throw new BenchException(name + " failed with exit code " + process.exitValue() + tail());
    }
  }

  /**
   * Waits until a line of stdout or stderr matches.
   *
   * @throws BenchException if the child exits or the timeout passes first
   */
  Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean alive = process.isAlive();
      Optional<Matcher> found = findLine(pattern);
      if (found.isPresent()) {
        return found.get();
      }
      if (!alive) {
        throw new BenchException(
            name
                + " exited ("
                + process.exitValue()
                + ") before printing /"
                + pattern
                + "/"
                + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new BenchException(name + " printed no /" + pattern + "/ in " + timeout + tail());
      }
      Thread.sleep(20);
    }
  }

  /** The last line of stdout or stderr that matches, if any. */
  Optional<Matcher> findLine(Pattern pattern) {
    Matcher last = null;
    for (Path file : List.of(stdout, stderr)) {
      for (String line : lines(file)) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          last = m;
        }
      }
    }
    return Optional.ofNullable(last);
  }

  List<String> stdoutLines() {
    return lines(stdout);
  }

  /** Asks the child to stop (SIGTERM), then kills it if it does not exit in time. */
  void stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    LIVE.remove(process);
  }

  /** Kills the child at once. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LIVE.remove(process);
  }

  String tail() {
    StringBuilder text = new StringBuilder();
    for (Path file : List.of(stdout, stderr)) {
      List<String> lines = lines(file);
      text.append("\n--- ").append(file).append(" ---\n");
      lines
          .subList(Math.max(0, lines.size() - 20), lines.size())
          .forEach(l -> text.append(l).append('\n'));
    }
    return text.toString();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file)
          ? List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"))
          : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }
}
