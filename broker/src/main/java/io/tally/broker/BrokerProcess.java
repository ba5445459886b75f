package io.tally.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker in a child JVM, for tests that must stop, kill or restart a broker for real (an
 * in-process {@link EmbeddedKafkaBroker} cannot be killed without killing the test).
 *
 * <p>{@link #start(BrokerOptions)} runs {@code java -Xmx512m -cp <this JVM's classpath>} {@link
 * BrokerMain} and waits until the child prints {@code Kafka broker ready at 127.0.0.1:PORT}. Ports
 * of 0 are resolved before the child starts and a data directory is required, so {@code
 * BrokerProcess.start(previous.options())} restarts a stopped or killed broker on the same ports
 * and the same data. The child's output is logged (logger {@code io.tally.broker.BrokerProcess})
 * and it shuts itself down if this JVM exits.
 *
 * <p>After a {@link #kill()} the restarted broker cannot register until its previous registration's
 * session expires ({@code broker.session.timeout.ms}, 9 s by default), so a child broker gets
 * {@link #FAST_RESTART_PROPERTIES} (a 4 s session, heartbeats every 0.5 s) unless its options set
 * them.
 *
 * <pre>{@code
 * BrokerProcess broker = BrokerProcess.start(BrokerOptions.defaults().withDataDir(dir));
 * broker.kill();                                    // SIGKILL: no clean shutdown
 * broker = BrokerProcess.start(broker.options());   // same ports, same records
 * broker.close();                                   // SIGTERM: clean shutdown
 * }</pre>
 */
public final class BrokerProcess implements AutoCloseable {

  /** The maximum heap of the child JVM. */
  public static final String MAX_HEAP = "-Xmx512m";

  /**
   * Broker properties that a child broker gets unless its options set them: a short broker session
   * so that a broker restarted after {@link #kill()} is ready about 5 s sooner.
   */
  public static final Map<String, String> FAST_RESTART_PROPERTIES =
      Map.of("broker.session.timeout.ms", "4000", "broker.heartbeat.interval.ms", "500");

  /** How long {@link #stop()} waits after SIGTERM before killing the child. */
  static final Duration STOP_TIMEOUT = EmbeddedKafkaBroker.SHUTDOWN_TIMEOUT.plusSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(BrokerProcess.class);
  private static final int KEPT_OUTPUT_LINES = 40;

  private final Process process;
  private final BrokerOptions options;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final Thread outputReader;
  private final Thread killOnExit;

  private BrokerProcess(Process process, BrokerOptions options) {
    this.process = process;
    this.options = options;
    this.outputReader = new Thread(this::readOutput, "tally-broker-output-" + options.port());
    this.outputReader.setDaemon(true);
    this.killOnExit = new Thread(process::destroyForcibly, "tally-broker-kill-" + options.port());
  }

  /**
   * Starts a broker in a child JVM and waits until it is ready.
   *
   * @param options the broker options; {@link BrokerOptions#dataDir()} is required, and {@link
   *     BrokerOptions#startupTimeout()} bounds the wait, the child JVM's start included
   * @return the running broker process
   * @throws IllegalArgumentException if the options have no data directory
   * @throws IllegalStateException if the child exits or is not ready in time (it is then killed)
   * @throws UncheckedIOException if the child JVM cannot be started
   */
  public static BrokerProcess start(BrokerOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.dataDir() == null) {
      throw new IllegalArgumentException("a BrokerProcess needs a data directory");
    }
    int[] ports = EmbeddedKafkaBroker.resolvePorts(options.port(), options.controllerPort());
    BrokerOptions resolved =
        options
            .withPort(ports[0])
            .withControllerPort(ports[1])
            .withDataDir(options.dataDir().toAbsolutePath());
    List<String> command = command(resolved);
    Process process;
    try {
      Files.createDirectories(resolved.dataDir());
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start a Kafka broker JVM: " + command.get(0), e);
    }
    BrokerProcess broker = new BrokerProcess(process, resolved);
    Runtime.getRuntime().addShutdownHook(broker.killOnExit);
    broker.outputReader.start();
    broker.awaitReady();
    return broker;
  }

  /**
   * The address clients connect to.
   *
   * @return {@code "127.0.0.1:PORT"}
   */
  public String bootstrapServers() {
    return EmbeddedKafkaBroker.HOST + ":" + options.port();
  }

  /**
   * The client port.
   *
   * @return the port the broker listens on for clients
   */
  public int port() {
    return options.port();
  }

  /**
   * The data directory (absolute).
   *
   * @return the directory holding the broker's configuration and logs
   */
  public Path dataDir() {
    return options.dataDir();
  }

  /**
   * The options this broker runs with, ports resolved: pass them to {@link #start(BrokerOptions)}
   * to restart it on the same ports and data.
   *
   * @return the resolved options
   */
  public BrokerOptions options() {
    return options;
  }

  /**
   * The child JVM's process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Whether the child JVM still runs.
   *
   * @return true while it runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the broker cleanly: SIGTERM, then waits up to 40 s for the child to exit (and kills it if
   * it has not).
   *
   * @return the child's exit code (143 after a clean SIGTERM exit)
   */
  public int stop() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitForExit(STOP_TIMEOUT)) {
        LOG.warn(
            "Kafka broker at {} ignored SIGTERM for {}; killing it",
            bootstrapServers(),
            STOP_TIMEOUT);
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
      }
    }
    return finish();
  }

  /**
   * Kills the broker at once (SIGKILL, no clean shutdown) and waits for the child to exit.
   *
   * @return the child's exit code (137 after SIGKILL)
   */
  public int kill() {
    if (process.isAlive()) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(10));
    }
    return finish();
  }

  /** Stops the broker cleanly if it still runs; see {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "BrokerProcess[pid " + process.pid() + ", " + bootstrapServers() + "]";
  }

  private static List<String> command(BrokerOptions options) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(MAX_HEAP);
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BrokerMain.class.getName());
    command.add("--port");
    command.add(Integer.toString(options.port()));
    command.add("--controller-port");
    command.add(Integer.toString(options.controllerPort()));
    command.add("--data-dir");
    command.add(options.dataDir().toString());
    command.add("--partitions");
    command.add(Integer.toString(options.defaultPartitions()));
    Map<String, String> properties = new TreeMap<>(FAST_RESTART_PROPERTIES);
    properties.putAll(options.extraProperties());
    for (Map.Entry<String, String> e : properties.entrySet()) {
      command.add("--property");
      command.add(e.getKey() + "=" + e.getValue());
    }
    command.add("--parent-pid");
    command.add(Long.toString(ProcessHandle.current().pid()));
    return command;
  }

  private void awaitReady() {
    Duration timeout = options.startupTimeout();
    try {
      ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      LOG.info(
          "Kafka broker ready at {} (pid {}, data in {})", bootstrapServers(), pid(), dataDir());
    } catch (ExecutionException e) {
      int exitCode = kill();
      throw new IllegalStateException(
          "Kafka broker JVM for "
              + bootstrapServers()
              + " exited before it was ready (exit code "
              + exitCode
              + "); its last output:\n"
              + lastOutput(),
          e.getCause());
    } catch (TimeoutException e) {
      kill();
      throw new IllegalStateException(
          "Kafka broker JVM for "
              + bootstrapServers()
              + " was not ready within "
              + timeout
              + "; its last output:\n"
              + lastOutput(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException("Interrupted while starting " + this, e);
    }
  }

  private void readOutput() {
    String readyLine = BrokerMain.READY_PREFIX + options.port();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > KEPT_OUTPUT_LINES) {
            lastLines.removeFirst();
          }
        }
        LOG.info("[broker {}] {}", options.port(), line);
        if (line.equals(readyLine)) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      LOG.debug("Output of the Kafka broker JVM at {} ended: {}", bootstrapServers(), e.toString());
    } finally {
      ready.completeExceptionally(
          new IllegalStateException("the Kafka broker JVM's output ended before the ready line"));
    }
  }

  private String lastOutput() {
    try {
      outputReader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lastLines) {
      return String.join("\n", lastLines);
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private int finish() {
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway
    }
    try {
      outputReader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.isAlive() ? -1 : process.exitValue();
  }
}
