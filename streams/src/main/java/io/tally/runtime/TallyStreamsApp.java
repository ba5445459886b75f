package io.tally.runtime;

import io.tally.avro.MetricTotal;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import io.tally.runs.KeyedTotals;
import io.tally.topics.TopicSetup;
import io.tally.topics.TopicSpec;
import io.tally.topology.Declarations;
import io.tally.topology.RunLogIndex;
import io.tally.topology.TallyObserver;
import io.tally.topology.TallyTopology;
import io.tally.topology.TopologyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Streams application: creates Tally's topics if they are missing, starts {@link
 * KafkaStreams} on the {@link TallyTopology}, waits (bounded) until it runs, answers queries on the
 * totals held by this instance's <em>active</em> tasks, and closes within a bound.
 *
 * <p>Topics in: {@code tally.figure-events}, {@code tally.runs}. Out: {@code tally.metric-totals},
 * {@code tally.theme-totals}, {@code tally.metric-totals-daily}, {@code tally.run-status}, {@code
 * tally.late-events}, {@code tally.dead-letters}.
 */
public final class TallyStreamsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TallyStreamsApp.class);

  private final TallyStreamsConfig config;
  private final KafkaStreams streams;
  private final RunLogIndex runLog = new RunLogIndex();
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch failed = new CountDownLatch(1);
  private final Readiness readiness;
  private final ActiveTotals activeTotals;
  private ClusterWatch clusterWatch;

  public TallyStreamsApp(
      TallyStreamsConfig config, TopologyConfig topologyConfig, TallyObserver observer) {
    this.config = config;
    Properties properties = config.properties(observer);
    String events = topologyConfig.topics().figureEvents();
    this.activeTotals = new ActiveTotals(new MetricTotalStores(events));
    this.streams =
        new KafkaStreams(
            TallyTopology.build(topologyConfig, Observers.both(observer, activeTotals), runLog),
            properties);
    this.readiness = new Readiness(streams::state);
    streams.setUncaughtExceptionHandler(
        e -> {
          // A bug or a broker outage in one thread: replace the thread and keep the others going;
          // exactly-once means the replacement resumes from the last commit. Not ready meanwhile.
          readiness.threadFailed();
          log.error("a stream thread failed; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (now, before) -> {
          log.info("Kafka Streams {} -> {}", before, now);
          activeTotals.stateChanged();
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            failed.countDown();
          }
        });
  }

  /** Creates the topics the topology reads and writes, if missing (never-expiring logs). */
  public static void createTopics(
      TallyStreamsConfig config,
      TopologyConfig.TopicNames topics,
      Optional<Integer> partitions,
      Optional<Short> replication)
      throws InterruptedException {
    Map<String, Object> adminSettings = new HashMap<>(config.overrides());
    adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    adminSettings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    List<TopicSpec> specs = new ArrayList<>();
    specs.add(TopicSpec.log(topics.figureEvents(), partitions, replication));
    specs.add(TopicSpec.runs(topics.runs(), Optional.of(1), replication));
    specs.addAll(TopicSpec.outputs(partitions, replication));
    try (Admin admin = Admin.create(adminSettings)) {
      TopicSetup.ensure(admin, specs);
    } catch (ExecutionException e) {
      throw new KafkaException(
          "cannot set up Tally's topics on "
              + config.bootstrapServers()
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /**
   * Starts processing and waits until Kafka Streams is RUNNING.
   *
   * @throws KafkaException if it fails or does not run within the timeout
   */
  public void start(Duration timeout) throws InterruptedException {
    log.info(
        "starting Kafka Streams application {} against {}, state in {}",
        config.applicationId(),
        config.bootstrapServers(),
        config.stateDir());
    clusterWatch = new ClusterWatch(config.bootstrapServers(), config.overrides(), readiness);
    streams.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running.getCount() > 0) {
      if (failed.getCount() == 0) {
        throw new KafkaException("Kafka Streams stopped while starting: " + streams.state());
      }
      if (System.nanoTime() > deadline) {
        throw new KafkaException(
            "Kafka Streams did not reach RUNNING within "
                + timeout
                + " (state "
                + streams.state()
                + ")");
      }
      running.await(100, TimeUnit.MILLISECONDS);
    }
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Whether this instance should get traffic: see {@link Readiness}. */
  public Readiness readiness() {
    return readiness;
  }

  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** The underlying client, for metrics binders and interactive queries. */
  public KafkaStreams kafkaStreams() {
    return streams;
  }

  /**
   * Every metric total held by this instance's active tasks (empty while a store cannot be read),
   * from memory: see {@link ActiveTotals}.
   */
  public KeyedTotals activeMetricTotals() {
    return activeTotals.current();
  }

  /** Every theme rollup held by this instance's active tasks (empty while rebalancing). */
  public List<ThemeTotal> activeThemeTotals() {
    return activeValues(TallyTopology.THEME_TOTALS_STORE);
  }

  /** Every run's counts held by this instance's active tasks (empty while rebalancing). */
  public List<RunStatus> activeRunProgress() {
    return activeValues(TallyTopology.RUN_PROGRESS_STORE);
  }

  /** The run log, which every instance holds in full; empty while Kafka Streams is not running. */
  public Optional<Declarations> declarations() {
    try {
      // Queryable once the global store has loaded the run log (and so the index).
      store(TallyTopology.RUNS_STORE);
      return Optional.of(new Declarations(runLog));
    } catch (InvalidStateStoreException e) {
      return Optional.empty();
    }
  }

  /** Whether this instance's active tasks hold {@code key} of the store (false if unknown). */
  public boolean holds(String storeName, String key, HostInfo self) {
    try {
      KeyQueryMetadata metadata =
          streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
      return metadata != null
          && !metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
          && self.equals(metadata.activeHost());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** One metric total from this instance's active tasks, if it holds it. */
  public Optional<MetricTotal> activeMetricTotal(String metricKey) {
    try {
      ReadOnlyKeyValueStore<String, MetricTotal> store = store(TallyTopology.METRIC_TOTALS_STORE);
      return Optional.ofNullable(store.get(metricKey));
    } catch (InvalidStateStoreException e) {
      return Optional.empty();
    }
  }

  private <V> List<V> activeValues(String storeName) {
    List<V> values = new ArrayList<>();
    try {
      ReadOnlyKeyValueStore<String, V> store = store(storeName);
      try (KeyValueIterator<String, V> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, V> next = all.next();
          values.add(next.value);
        }
      }
    } catch (InvalidStateStoreException e) {
      // Migrating or not yet running: report nothing rather than stale or partial numbers.
      log.debug("store {} not queryable now: {}", storeName, e.getMessage());
      return List.of();
    }
    return values;
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    // Default parameters query active tasks only: standby or stale stores would duplicate series.
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  /** The metric totals stores of this instance's active tasks, one partition at a time. */
  private final class MetricTotalStores implements ActiveTotals.Stores {
    private final String eventsTopic;

    MetricTotalStores(String eventsTopic) {
      this.eventsTopic = eventsTopic;
    }

    @Override
    public Optional<SortedSet<Integer>> activePartitions() {
      KafkaStreams.State state = streams.state();
      if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
        return Optional.empty();
      }
      // The totals live in the tasks that read the events: a task's partition is its events'.
      SortedSet<Integer> partitions = new TreeSet<>();
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        for (TaskMetadata task : thread.activeTasks()) {
          for (TopicPartition partition : task.topicPartitions()) {
            if (partition.topic().equals(eventsTopic)) {
              partitions.add(partition.partition());
            }
          }
        }
      }
      return Optional.of(partitions);
    }

    @Override
    public void read(int partition, BiConsumer<String, MetricTotal> total) {
      ReadOnlyKeyValueStore<String, MetricTotal> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                      TallyTopology.METRIC_TOTALS_STORE,
                      QueryableStoreTypes.<String, MetricTotal>keyValueStore())
                  .withPartition(partition));
      try (KeyValueIterator<String, MetricTotal> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, MetricTotal> next = all.next();
          total.accept(next.key, next.value);
        }
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  public void close(Duration timeout) {
    log.info("closing Kafka Streams (up to {})", timeout);
    if (clusterWatch != null) {
      clusterWatch.close();
    }
    boolean closed = streams.close(timeout);
    if (!closed) {
      log.warn("Kafka Streams did not close within {}", timeout);
    }
  }
}
