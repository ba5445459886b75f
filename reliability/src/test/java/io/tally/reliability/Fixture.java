package io.tally.reliability;

import io.tally.broker.BrokerOptions;
import io.tally.broker.BrokerProcess;
import io.tally.testkit.Await;
import io.tally.testkit.ChildProcess;
import io.tally.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test's world: a real Kafka broker in a child JVM (6 partitions by default) on free loopback
 * ports (segments never rolled by time, see {@link #NO_TIME_ROLL}), a temporary directory for its
 * data and the apps' state, a log directory under {@code target/reliability-logs/TEST/} that
 * outlives the test, a seeded {@link Random} for the fault schedule, and every child process
 * started through it. {@link #close()} kills whatever still runs and stops the broker, whatever the
 * test's outcome.
 *
 * <p>The seed is printed; {@code -Dtally.reliability.seed=N} replays a schedule.
 */
final class Fixture implements AutoCloseable {
  static final Duration STARTUP = Duration.ofSeconds(120);
  static final Duration SETTLE = Duration.ofSeconds(150);

  /**
   * The broker's {@code log.roll.ms}: 10 years. Tally's output records carry event times from the
   * report's year, so with the default (7 days, measured between record timestamps) a segment rolls
   * every week of event time and the log cleaner compacts the closed ones: it then legitimately
   * drops superseded updates of {@code tally.metric-totals}, and the audit of the committed history
   * could not tell compaction from a lost update. No time-based roll, no compaction during a test.
   */
  static final String NO_TIME_ROLL = Long.toString(Duration.ofDays(3650).toMillis());

  private static final Logger log = LoggerFactory.getLogger(Fixture.class);

  private final String test;
  private final Path root;
  private final Path logDir;
  private final Random random;
  private final Faults faults;
  private final List<AutoCloseable> children = new ArrayList<>();
  private BrokerProcess broker;
  private int started;

  private Fixture(String test, Path root, long seed) {
    this.test = test;
    this.root = root;
    this.logDir =
        Path.of(System.getProperty("basedir", ".")).resolve("target/reliability-logs/" + test);
    this.random = new Random(seed);
    this.faults = new Faults(test);
  }

  static Fixture start(String test, Path root) {
    String property = System.getProperty("tally.reliability.seed");
    long seed =
        property == null || property.isBlank() ? System.nanoTime() : Long.parseLong(property);
    log.info(
        "{}: fault schedule seed {} (rerun with -Dtally.reliability.seed={})", test, seed, seed);
    Fixture fixture = new Fixture(test, root, seed);
    deleteRecursively(fixture.logDir);
    fixture.broker =
        BrokerProcess.start(
            BrokerOptions.defaults()
                .withDataDir(root.resolve("kafka"))
                .withDefaultPartitions(6)
                .withExtraProperty("log.roll.ms", NO_TIME_ROLL));
    return fixture;
  }

  String bootstrap() {
    return broker.bootstrapServers();
  }

  BrokerProcess broker() {
    return broker;
  }

  Random random() {
    return random;
  }

  Faults faults() {
    return faults;
  }

  Path dir(String name) {
    return root.resolve(name);
  }

  /** A uniformly random duration between the bounds, from the seeded schedule. */
  Duration between(Duration min, Duration max) {
    return min.plusMillis((long) (random.nextDouble() * (max.toMillis() - min.toMillis())));
  }

  /**
   * Starts {@code tally streams} with the options every test shares.
   *
   * <p>{@code group.instance.id} (static membership, KIP-345) lets an instance restarted after a
   * kill -9 take over its tasks at once; without it the group waits for the killed member's session
   * to expire ({@code session.timeout.ms}, 45 s by default) before it reassigns them, which would
   * only make the tests slow.
   */
  StreamsApp streams(String appId, Path stateDir, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "streams",
                "--bootstrap-servers",
                bootstrap(),
                "--application-id",
                appId,
                "--state-dir",
                stateDir.toString(),
                "--metrics-port",
                "0",
                "--metrics-host",
                "127.0.0.1",
                "--replication-factor",
                "1",
                "-K",
                "group.instance.id=" + appId + "-instance"));
    args.addAll(List.of(extra));
    StreamsApp app = new StreamsApp(child("streams", args));
    return app;
  }

  /** Starts {@code tally replay} of the bundled scenario with these options. */
  ChildProcess replay(String... options) {
    List<String> args = new ArrayList<>(List.of("replay", "--bootstrap-servers", bootstrap()));
    args.addAll(List.of(options));
    return child("replay", args);
  }

  /** Records in the event log so far (it is written without transactions: offsets are records). */
  long eventLogSize(KafkaConsumer<String, byte[]> consumer) {
    return Records.endOffsetSum(consumer, Topics.FIGURE_EVENTS);
  }

  /**
   * How many records of the event log the streams application {@code appId} has processed and
   * committed (its consumer group's committed offsets, which exactly-once commits with the output),
   * or -1 if they cannot be read now.
   */
  long committedInput(String appId) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      return admin
          .listConsumerGroupOffsets(appId)
          .partitionsToOffsetAndMetadata()
          .get(10, TimeUnit.SECONDS)
          .entrySet()
          .stream()
          .filter(e -> e.getKey().topic().equals(Topics.FIGURE_EVENTS) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("{}: cannot read the committed offsets of {}: {}", test, appId, e.toString());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Waits until the event log holds at least {@code target} records, so that a fault lands at a
   * chosen point of the replay; returns the records there are.
   *
   * @throws AssertionError if the replay exits or {@link #STARTUP} passes first
   */
  long awaitEventLog(KafkaConsumer<String, byte[]> probe, ChildProcess replay, long target)
      throws InterruptedException {
    LogSize seen =
        Await.until(
            "the event log holding " + target + " records while the replay runs",
            STARTUP,
            () -> new LogSize(eventLogSize(probe), replay.isAlive()),
            size -> size.records() >= target || !size.replayAlive(),
            size -> size.records() + " records" + replay.tail());
    if (seen.records() < target) {
      throw new AssertionError(
          "the replay exited with "
              + seen.records()
              + " records in the event log, waiting for "
              + target
              + replay.tail());
    }
    return seen.records();
  }

  private record LogSize(long records, boolean replayAlive) {}

  /** Restarts the broker on the same ports and data: SIGTERM, or SIGKILL if {@code kill}. */
  void restartBroker(boolean kill, Duration downtime) throws InterruptedException {
    int exit = kill ? broker.kill() : broker.stop();
    log.info("{}: broker {} exited with {}; down for {}", test, broker, exit, downtime);
    Await.hold(downtime);
    broker = BrokerProcess.start(broker.options());
  }

  /**
   * Polls the snapshot and audit until the audit passes or {@link #SETTLE} passes; returns the last
   * audit either way (the caller asserts on it).
   */
  Audit awaitAudit(Expected expected) throws InterruptedException {
    long started = System.nanoTime();
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<Audit> last = new AtomicReference<>();
    try {
      Await.poll(SETTLE, Duration.ofMillis(500))
          .until(
              () -> {
                reads.incrementAndGet();
                last.set(Audit.of(expected, Snapshot.read(bootstrap())));
                return last.get().ok();
              });
    } catch (ConditionTimeoutException e) {
      // The caller asserts on the last audit, which says what is wrong.
    }
    log.info(
        "{}: audit {} after {} reads in {} ms",
        test,
        last.get().ok() ? "passed" : "failed",
        reads.get(),
        (System.nanoTime() - started) / 1_000_000);
    return last.get();
  }

  private ChildProcess child(String kind, List<String> args) {
    started++;
    String name = String.format("%02d-%s", started, kind);
    ChildProcess process = TallyProcess.start(name, logDir, root.resolve("tmp"), args);
    children.add(process);
    return process;
  }

  @Override
  public void close() {
    for (AutoCloseable child : children) {
      try {
        child.close();
      } catch (Exception e) {
        log.warn("{}: closing {} failed", test, child, e);
      }
    }
    if (broker != null) {
      broker.close();
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
