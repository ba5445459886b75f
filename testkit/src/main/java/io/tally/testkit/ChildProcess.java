package io.tally.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A program in a child process, as a user would run it: its stdout and stderr written to {@code
 * NAME.out} and {@code NAME.err} in a log directory (kept for post-mortems), so a caller can wait
 * for a line, read the output and show its tail when something goes wrong.
 *
 * <p>Every child still alive is killed by {@link #destroyAll()} and, failing that, when this JVM
 * exits: a failed test or benchmark leaves no process behind.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(50);

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ChildProcess::destroyAll, "tally-child-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code command}.
   *
   * @param name names the log files and the messages about this child
   * @param logDir where {@code NAME.out} and {@code NAME.err} go (created if missing)
   * @param environment added to this JVM's environment
   */
  public static ChildProcess start(
      String name, List<String> command, Path logDir, Map<String, String> environment) {
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    try {
      Files.createDirectories(logDir);
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      LIVE.add(process);
      return new ChildProcess(name, process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Starts {@code command} with this JVM's environment. */
  public static ChildProcess start(String name, List<String> command, Path logDir) {
    return start(name, command, logDir, Map.of());
  }

  /**
   * The command that runs {@code mainClass} in a JVM like this one: the same {@code java}, the same
   * class path, and {@code jvmOptions} (which should bound the heap with {@code -Xmx}).
   */
  public static List<String> javaCommand(
      List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Kills every child this JVM started that still runs. */
  public static void destroyAll() {
    for (Process process : LIVE) {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
    LIVE.clear();
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until a line of stdout or stderr matches.
   *
   * @return the first match
   * @throws ChildProcessException if the child exits or the timeout passes first (with the tail of
   *     its output)
   */
  public Matcher awaitLine(Pattern pattern, Duration timeout) {
    AtomicReference<Matcher> found = new AtomicReference<>();
    try {
      Await.poll(timeout, POLL)
          .until(
              () -> {
                boolean alive = process.isAlive();
                // Looked at after the liveness check: a line written just before the exit counts.
                Optional<Matcher> match = findLine(pattern);
                if (match.isPresent()) {
                  found.set(match.get());
                  return true;
                }
                if (!alive) {
                  throw new ChildProcessException(
                      name
                          + " exited (code "
                          + process.exitValue()
                          + ") before printing /"
                          + pattern
                          + "/"
                          + tail());
                }
                return false;
              });
    } catch (ConditionTimeoutException e) {
      throw new ChildProcessException(
          name + " printed no line matching /" + pattern + "/ within " + timeout + tail());
    }
    return found.get();
  }

  /** The first line of stdout or stderr that matches, if any. */
  public Optional<Matcher> findLine(Pattern pattern) {
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

  /** The last line of stdout or stderr that matches, if any. */
  public Optional<Matcher> lastLine(Pattern pattern) {
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

  /** The child's stdout so far. */
  public List<String> stdoutLines() {
    return lines(stdout);
  }

  /** The child's stdout so far, as one text. */
  public String stdoutText() {
    return String.join("\n", lines(stdout));
  }

  /**
   * Waits for the child to exit by itself.
   *
   * @return its exit code
   * @throws ChildProcessException if it still runs after the timeout (it is then killed)
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LIVE.remove(process);
      throw new ChildProcessException(name + " did not exit within " + timeout + tail());
    }
    LIVE.remove(process);
    return process.exitValue();
  }

  /**
   * Waits for the child to exit with code 0.
   *
   * @throws ChildProcessException if it fails or outlives the timeout (it is then killed)
   */
  public void awaitSuccess(Duration timeout) throws InterruptedException {
    int exit = awaitExit(timeout);
    if (exit != 0) {
      throw new ChildProcessException(name + " failed with exit code " + exit + tail());
    }
  }

  /** Asks the child to stop (SIGTERM), waits up to 45 s, then kills it; returns the exit code. */
  public int stop() throws InterruptedException {
    return stop(STOP_TIMEOUT);
  }

  /** Asks the child to stop (SIGTERM), waits up to {@code timeout}, then kills it. */
  public int stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
    }
    return awaitExit(EXIT_TIMEOUT);
  }

  /** Kills the child at once (SIGKILL) and waits for it to exit; returns the exit code. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    return awaitExit(EXIT_TIMEOUT);
  }

  /** The last lines of the child's output, for failure messages. */
  public String tail() {
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

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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

  /**
   * Runs a command to its end (bounded), stdout and stderr together.
   *
   * @throws ChildProcessException if it outlives the timeout (it is then killed)
   */
  public static Result run(List<String> command, Duration timeout) {
    Path output = null;
    try {
      output = Files.createTempFile("tally-command", ".txt");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ChildProcessException(command + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChildProcessException("interrupted running " + command, e);
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

  /** A finished command: its exit code and its output. */
  public record Result(int exitCode, String output) {}

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file)
          ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()
          : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
