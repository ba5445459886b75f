package io.tally.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running inside this JVM: one KRaft node that is both broker and
 * controller, listening on 127.0.0.1 only. Tally's {@code demo} and {@code broker} commands and the
 * integration tests of every module use it instead of an external cluster.
 *
 * <p>{@link #start(BrokerOptions)} formats the data directory (unless it already holds a formatted
 * node, so a broker can be restarted on the same data), starts {@link KafkaRaftServer} and returns
 * once an Admin client sees the broker in {@code describeCluster()}. {@link #close()} shuts it down
 * within a bounded time and deletes the data directory if it was a temporary one.
 *
 * <p>The configuration suits a single node: every internal topic (consumer offsets, transaction
 * state, share-group state) has replication factor 1 and min ISR 1, so idempotent and transactional
 * producers and consumer groups work, and 5 partitions instead of 50, so they start sooner; topics
 * are not auto-created (Tally creates its topics explicitly; Kafka Streams creates its internal
 * topics with the Admin API); consumer groups rebalance without the initial delay; the log
 * cleaner's dedupe buffer is 16 MiB instead of 128 MiB of heap. {@link
 * BrokerOptions#extraProperties()} overrides any of it.
 *
 * <p>The data directory holds {@code server.properties} (rewritten at each start) and {@code
 * logs/}, the broker's {@code log.dirs}.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
 *   String bootstrap = broker.bootstrapServers(); // "127.0.0.1:PORT"
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** The only address the broker listens on. */
  public static final String HOST = "127.0.0.1";

  /** How long {@link #close()} waits for the broker to shut down. */
  static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String CONFIG_FILE = "server.properties";
  private static final String LOG_DIR = "logs";

  private final KafkaRaftServer server;
  private final int port;
  private final int controllerPort;
  private final Path dataDir;
  private final boolean temporaryDataDir;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Thread starter;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server,
      int port,
      int controllerPort,
      Path dataDir,
      boolean temporaryDataDir) {
    this.server = server;
    this.port = port;
    this.controllerPort = controllerPort;
    this.dataDir = dataDir;
    this.temporaryDataDir = temporaryDataDir;
  }

  /**
   * Formats the data directory if needed, starts a broker and waits until it is ready.
   *
   * @param options ports, partitions, data directory, extra properties and startup timeout
   * @return the running broker; close it to stop it
   * @throws IllegalStateException if formatting or startup fails, or the broker is not ready within
   *     {@link BrokerOptions#startupTimeout()} (the broker is then shut down)
   * @throws UncheckedIOException if the data directory cannot be created or written
   */
  public static EmbeddedKafkaBroker start(BrokerOptions options) {
    Objects.requireNonNull(options, "options");
    long deadline = System.nanoTime() + options.startupTimeout().toNanos();
    boolean temporary = options.dataDir() == null;
    Path dataDir;
    try {
      dataDir =
          temporary
              ? Files.createTempDirectory("tally-kafka-")
              : Files.createDirectories(options.dataDir().toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the Kafka data directory", e);
    }
    EmbeddedKafkaBroker broker = null;
    try {
      int[] ports = resolvePorts(options.port(), options.controllerPort());
      Properties props = brokerProperties(options, ports[0], ports[1], dataDir.resolve(LOG_DIR));
      Path configFile = writeConfig(props, dataDir.resolve(CONFIG_FILE));
      formatIfNeeded(configFile, dataDir.resolve(LOG_DIR));
      KafkaRaftServer server =
          new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      broker = new EmbeddedKafkaBroker(server, ports[0], ports[1], dataDir, temporary);
      broker.startAndAwaitReady(deadline, options.startupTimeout());
      LOG.info("Kafka broker ready at {} (data in {})", broker.bootstrapServers(), dataDir);
      return broker;
    } catch (RuntimeException | Error e) {
      if (broker != null) {
        broker.close();
      } else if (temporary) {
        deleteRecursively(dataDir);
      }
      throw e;
    }
  }

  /**
   * The address clients connect to.
   *
   * @return {@code "127.0.0.1:PORT"}
   */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /**
   * The client (PLAINTEXT) port.
   *
   * @return the port the broker listens on for clients
   */
  public int port() {
    return port;
  }

  /**
   * The KRaft controller port; clients never need it.
   *
   * @return the port the controller listens on
   */
  public int controllerPort() {
    return controllerPort;
  }

  /**
   * The data directory (absolute); with a temporary one it no longer exists after {@link #close()}.
   *
   * @return the directory holding {@code server.properties} and the broker's logs
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Shuts the broker down, waiting at most 30 s, then deletes the data directory if it was a
   * temporary one. If the broker did not stop in time it is left running, with its data directory
   * (deleting the files under a running broker makes Kafka halt the JVM). Calling it again does
   * nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Thread shutdown = new Thread(this::shutdownServer, "tally-kafka-shutdown-" + port);
    shutdown.setDaemon(true);
    shutdown.start();
    try {
      shutdown.join(SHUTDOWN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (shutdown.isAlive()) {
      LOG.warn(
          "Kafka broker at {} did not shut down within {}; leaving it running in {}",
          bootstrapServers(),
          SHUTDOWN_TIMEOUT,
          dataDir);
      return;
    }
    LOG.info("Kafka broker at {} stopped", bootstrapServers());
    if (temporaryDataDir) {
      deleteRecursively(dataDir);
    }
  }

  private void shutdownServer() {
    try {
      // Shutting down a server that is still starting can miss the parts that start later, and
      // awaitShutdown() then waits for ever: let startup() return first.
      Thread startupThread = starter;
      if (startupThread != null) {
        startupThread.join();
      }
      server.shutdown();
      server.awaitShutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("Kafka broker at {} failed to shut down cleanly", bootstrapServers(), e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker[" + bootstrapServers() + ", dataDir=" + dataDir + "]";
  }

  private void startAndAwaitReady(long deadline, Duration timeout) {
    CompletableFuture<Void> startup = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                server.startup();
                startup.complete(null);
              } catch (Throwable t) {
                startup.completeExceptionally(t);
              }
            },
            "tally-kafka-startup-" + port);
    thread.setDaemon(true);
    starter = thread;
    thread.start();
    try {
      startup.get(remainingNanos(deadline, timeout), TimeUnit.NANOSECONDS);
      awaitAdminSeesBroker(deadline, timeout);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka broker at " + bootstrapServers() + " failed to start: " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw timedOut(timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while starting the Kafka broker at " + bootstrapServers(), e);
    }
  }

  private void awaitAdminSeesBroker(long deadline, Duration timeout)
      throws InterruptedException, TimeoutException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tally-broker-readiness");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    Exception last = null;
    try (Admin admin = Admin.create(props)) {
      while (true) {
        long remaining = remainingNanos(deadline, timeout);
        int callTimeoutMs = (int) Math.max(1, Math.min(5000, remaining / 1_000_000));
        try {
          Collection<Node> nodes =
              admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(callTimeoutMs))
                  .nodes()
                  .get(remaining, TimeUnit.NANOSECONDS);
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (ExecutionException e) {
          last = e;
        } catch (TimeoutException e) {
          TimeoutException timeoutException = new TimeoutException(e.getMessage());
          timeoutException.initCause(last);
          throw timeoutException;
        }
        Thread.sleep(50);
      }
    }
  }

  private long remainingNanos(long deadline, Duration timeout) throws TimeoutException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new TimeoutException("startup timeout " + timeout + " elapsed");
    }
    return remaining;
  }

  private IllegalStateException timedOut(Duration timeout, TimeoutException cause) {
    return new IllegalStateException(
        "Kafka broker at "
            + bootstrapServers()
            + " was not ready within "
            + timeout
            + " (data in "
            + dataDir
            + "); raise BrokerOptions.startupTimeout if the machine is slow",
        cause);
  }

  /**
   * The broker's configuration: Tally's single-node settings, then the extra properties.
   *
   * @param options the options
   * @param port the resolved client port
   * @param controllerPort the resolved controller port
   * @param logDir the broker's {@code log.dirs}
   * @return the broker properties
   */
  static Properties brokerProperties(
      BrokerOptions options, int port, int controllerPort, Path logDir) {
    String plaintext = "PLAINTEXT://" + HOST + ":" + port;
    String controller = "CONTROLLER://" + HOST + ":" + controllerPort;
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
    props.put("listeners", plaintext + "," + controller);
    props.put("advertised.listeners", plaintext + "," + controller);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", Integer.toString(options.defaultPartitions()));
    props.put("auto.create.topics.enable", "false");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    // 5 partitions instead of 50 per internal topic: the first consumer group and the first
    // transaction on a new broker are ready about 0.8 s sooner each.
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("share.coordinator.state.topic.num.partitions", "5");
    // The log cleaner allocates its whole dedupe buffer on the heap (128 MiB by default): too much
    // for a test JVM; 16 MiB still dedupes some 600k keys per pass.
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    for (Map.Entry<String, String> e : options.extraProperties().entrySet()) {
      props.put(e.getKey(), e.getValue());
    }
    return props;
  }

  /**
   * Resolves ports of 0 to free ports on 127.0.0.1 (distinct from each other).
   *
   * @param port the client port, 0 for a free one
   * @param controllerPort the controller port, 0 for a free one
   * @return the client port and the controller port
   */
  static int[] resolvePorts(int port, int controllerPort) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int resolvedPort = port == 0 ? bindFree(sockets) : port;
      int resolvedControllerPort = controllerPort == 0 ? bindFree(sockets) : controllerPort;
      while (resolvedControllerPort == resolvedPort) {
        resolvedControllerPort = bindFree(sockets);
      }
      return new int[] {resolvedPort, resolvedControllerPort};
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          LOG.debug("Cannot close probe socket", e);
        }
      }
    }
  }

  private static int bindFree(List<ServerSocket> sockets) throws IOException {
    ServerSocket socket =
        new ServerSocket(0, 1, InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1}));
    sockets.add(socket);
    return socket.getLocalPort();
  }

  private static Path writeConfig(Properties props, Path configFile) {
    try (OutputStream out = Files.newOutputStream(configFile)) {
      props.store(out, "Written by Tally's EmbeddedKafkaBroker at each start");
      return configFile;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + configFile, e);
    }
  }

  private static void formatIfNeeded(Path configFile, Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      LOG.debug("{} is already formatted", logDir);
      return;
    }
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode =
          StorageTool.execute(
              new String[] {
                "format",
                "--config",
                configFile.toString(),
                "--cluster-id",
                clusterId,
                "--standalone"
              },
              out);
    } catch (Exception e) { // Scala code may throw checked exceptions it does not declare
      throw new IllegalStateException(
          "Cannot format Kafka storage in " + logDir + ": " + e.getMessage() + "\n" + output, e);
    }
    if (exitCode != 0) {
      throw new IllegalStateException(
          "Formatting Kafka storage in " + logDir + " exited with " + exitCode + ":\n" + output);
    }
    LOG.debug("Formatted {} for cluster {}", logDir, clusterId);
  }

  /**
   * Deletes a directory tree, logging (not throwing) what cannot be deleted.
   *
   * @param dir the directory to delete
   */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (NoSuchFileException e) {
                  // already gone
                } catch (IOException e) {
                  LOG.warn("Cannot delete {}: {}", path, e.toString());
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Cannot delete {}: {}", dir, e.toString());
    }
  }
}
