package io.tally.topology;

import io.tally.avro.MetricTotal;
import io.tally.avro.ThemeTotal;
import io.tally.serde.TallySerdes;
import io.tally.topology.TopologyConfig.TopicNames;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Builds Tally's topology; a pure function of its config: it starts nothing and does no I/O.
 *
 * <pre>
 * tally.runs ─▶ global store [tally-runs] (declarations, completions: read by every processor)
 * tally.figure-events
 *  └─ tally-validate (resolves observations in tally-runs)
 *      ├─ invalid ─▶ tally.dead-letters
 *      └─ tally-totals [tally-metric-state]
 *          ├─ total
 *          │   ├─ table [tally-metric-totals] (cached: each commit) ─▶ tally.metric-totals
 *          │   ├─ tally-theme-partials [tally-theme-partials-sent] (each task's sums, every 100 ms)
 *          │   │   └─ by theme (tally-theme-changes) [tally-theme-sums]
 *          │   │       └─ tally-theme-declared ─▶ tally.theme-totals
 *          │   └─ tally-run-partials [tally-run-partials-sent] (each task's sums, every 100 ms)
 *          │       └─ by run (tally-run-changes) [tally-run-sums]
 *          │           └─ tally-run-status [tally-run-status] ─▶ tally.run-status
 *          ├─ counted, by local day
 *          │   └─ tally-daily [tally-metric-totals-daily, tally-daily-gauge-sequence,
 *          │       tally-daily-pending] (changed days, every 100 ms) ─▶ tally.metric-totals-daily
 *          ├─ late (its day closed) ─▶ tally.late-events
 *          └─ overflow, inconsistent figure ─▶ tally.dead-letters
 * </pre>
 *
 * Every processor, store and internal topic is named, so an upgrade cannot silently rename a
 * changelog ({@code TallyTopologyDescribeTest} pins them). Stores marked [..] are persistent
 * (RocksDB) and changelogged.
 */
public final class TallyTopology {
  /** Queryable: {@code KeyValueStore<String, MetricTotal>} by {@code scenario/theme/metric}. */
  public static final String METRIC_TOTALS_STORE = "tally-metric-totals";

  /** Queryable: {@code KeyValueStore<String, ThemeTotal>} by {@code scenario/theme}. */
  public static final String THEME_TOTALS_STORE = "tally-theme-sums";

  /**
   * Queryable: {@code KeyValueStore<String, MetricDailyTotal>} by {@code
   * scenario/theme/metric/YYYY-MM-DD}, days in the event's zone; a figure's days share the prefix
   * {@code scenario/theme/metric/} and are all of its current run. (A new name: the changelog of
   * the former {@code tally-daily-totals} holds window-store records under a time-based retention.)
   */
  public static final String DAILY_TOTALS_STORE = DailyTotalsProcessor.TOTALS_STORE;

  /**
   * Queryable, global (every instance holds all of it): the run log {@code tally.runs}, {@code
   * KeyValueStore<String, SpecificRecord>}; read it through {@link Declarations}.
   */
  public static final String RUNS_STORE = RunLogStore.STORE;

  /**
   * Queryable: {@code KeyValueStore<String, RunStatus>} by run id: the counts of each run's metric
   * totals (state and declared counts are filled in by {@link RunStates}).
   */
  public static final String RUN_PROGRESS_STORE = "tally-run-sums";

  /** Internal: the last state published of each run. */
  public static final String RUN_STATUS_STORE = RunStatusProcessor.STORE;

  /**
   * Name of the run rollup's repartition step (topic {@code
   * <app-id>-tally-run-changes-repartition}: each task's changes to its runs' counts).
   */
  public static final String RUN_ROLLUP = "tally-run-changes";

  /** Internal: de-duplication and running state per metric. */
  public static final String METRIC_STATE_STORE = TotalsProcessor.STATE_STORE;

  /** Internal: for each day of a gauge, the sequence of the observation that is its value. */
  public static final String DAILY_GAUGE_SEQUENCE_STORE = DailyTotalsProcessor.GAUGE_SEQUENCE_STORE;

  /**
   * Name of the theme rollup's repartition step (topic {@code
   * <app-id>-tally-theme-changes-repartition}: each task's changes to its themes' sums). Formerly
   * {@code tally-theme-rollup}, which carried every metric's old and new total.
   */
  public static final String THEME_ROLLUP = "tally-theme-changes";

  private TallyTopology() {}

  /**
   * The topology with a run log of its own.
   *
   * @param observer told about counted, duplicate, late and dead-lettered events, from stream
   *     threads (see {@link TallyObserver}); {@link TallyObserver#NOOP} if nobody counts
   */
  public static Topology build(TopologyConfig config, TallyObserver observer) {
    return build(config, observer, new RunLogIndex());
  }

  /**
   * The topology, sharing its run log with the application that runs it.
   *
   * @param runLog filled by the topology's global store as it reads the run log; read by the
   *     processors (and by the queries of the application that runs the topology)
   */
  public static Topology build(TopologyConfig config, TallyObserver observer, RunLogIndex runLog) {
    TallyObserver guarded = GuardedObserver.of(observer);
    TopicNames topics = config.topics();
    StreamsBuilder builder = new StreamsBuilder();
    RunLogStore.addTo(builder, topics.runs(), runLog, guarded);
    Declarations declarations = new Declarations(runLog);

    Map<String, KStream<String, Routed>> validated =
        builder.stream(
                topics.figureEvents(),
                Consumed.with(Serdes.String(), DecodedEvent.serde())
                    .withTimestampExtractor(new EventTimeExtractor())
                    .withName("tally-source"))
            .processValues(
                () ->
                    new ValidateProcessor(
                        new EventValidator(config.maxEventTimeSkew()),
                        guarded,
                        declarations,
                        TopologyConfig.DECLARATION_WAIT),
                Named.as("tally-validate"))
            .split(Named.as("tally-validated-"))
            .branch(Routed.is(Routed.DeadLetter.class), Branched.as("dead-letters"))
            .branch(Routed.is(Routed.Accepted.class), Branched.as("accepted"))
            .noDefaultBranch();
    deadLetters(branch(validated, "tally-validated-dead-letters"), topics, "tally-invalid");

    Map<String, KStream<String, Routed>> totals =
        branch(validated, "tally-validated-accepted")
            .processValues(TotalsProcessor.supplier(config, guarded), Named.as("tally-totals"))
            .split(Named.as("tally-totals-"))
            .branch(Routed.is(Routed.Total.class), Branched.as("metric"))
            .branch(Routed.is(Routed.Counted.class), Branched.as("counted"))
            .branch(Routed.is(Routed.Late.class), Branched.as("late"))
            .branch(Routed.is(Routed.DeadLetter.class), Branched.as("dead-letters"))
            .noDefaultBranch();
    deadLetters(branch(totals, "tally-totals-dead-letters"), topics, "tally-uncountable");
    metricAndThemeTotals(branch(totals, "tally-totals-metric"), topics, declarations, guarded);
    dailyTotals(branch(totals, "tally-totals-counted"), topics);
    branch(totals, "tally-totals-late")
        .mapValues(v -> ((Routed.Late) v).event(), Named.as("tally-late-events"))
        .to(
            topics.lateEvents(),
            Produced.with(Serdes.String(), TallySerdes.figureEvent()).withName("tally-late-sink"));
    return builder.build();
  }

  private static void deadLetters(KStream<String, Routed> letters, TopicNames topics, String name) {
    letters
        .mapValues(v -> ((Routed.DeadLetter) v).raw(), Named.as(name + "-bytes"))
        .to(
            topics.deadLetters(),
            Produced.with(DeadLetterFit.keySerde(), Serdes.ByteArray()).withName(name + "-sink"));
  }

  private static void metricAndThemeTotals(
      KStream<String, Routed> updates,
      TopicNames topics,
      Declarations declarations,
      TallyObserver observer) {
    Serde<MetricTotal> metricSerde = TallySerdes.metricTotal();
    KStream<String, MetricTotal> metricTotals =
        updates.mapValues(v -> ((Routed.Total) v).total(), Named.as("tally-metric-total"));
    KTable<String, MetricTotal> table =
        metricTotals.toTable(
            Named.as("tally-metric-totals-table"),
            Materialized.<String, MetricTotal, KeyValueStore<Bytes, byte[]>>as(METRIC_TOTALS_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(metricSerde));
    // The table is cached: its updates leave at each commit, the latest total of each metric once,
    // however many events changed it (one record per metric and commit, not one per event).
    table
        .toStream(Named.as("tally-metric-total-updates"))
        .processValues(
            () -> new PublishedTotals(observer), Named.as("tally-metric-total-published"))
        .to(
            topics.metricTotals(),
            Produced.with(Serdes.String(), metricSerde).withName("tally-metric-totals-sink"));
    rollup(updates, ThemeRollup.INSTANCE, "tally-theme", THEME_ROLLUP, THEME_TOTALS_STORE)
        .processValues(() -> new ThemeDecorator(declarations), Named.as("tally-theme-declared"))
        .to(
            topics.themeTotals(),
            Produced.with(Serdes.String(), ThemeRollup.INSTANCE.serde())
                .withName("tally-theme-totals-sink"));
    rollup(updates, RunProgress.INSTANCE, "tally-run", RUN_ROLLUP, RUN_PROGRESS_STORE)
        .process(RunStatusProcessor.supplier(declarations), Named.as("tally-run-status"))
        .to(
            topics.runStatus(),
            Produced.with(Serdes.String(), TallySerdes.runStatus())
                .withName("tally-run-status-sink"));
  }

  /**
   * A rollup of the metric totals: each task's sums sent as changes ({@link RollupPartials}, node
   * {@code <prefix>-partials}) through the repartition topic {@code <changes>-repartition}, added
   * up by key in the queryable store {@code store} (node {@code <prefix>-aggregate}).
   */
  private static <V> KStream<String, V> rollup(
      KStream<String, Routed> updates,
      Rollup<V> rollup,
      String prefix,
      String changes,
      String store) {
    return updates
        .process(
            RollupPartials.supplier(rollup, prefix + "-partials-sent"),
            Named.as(prefix + "-partials"),
            METRIC_STATE_STORE)
        .groupByKey(Grouped.with(changes, Serdes.String(), rollup.serde()))
        .aggregate(
            rollup::empty,
            rollup::plus,
            Named.as(prefix + "-aggregate"),
            Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
                .withKeySerde(Serdes.String())
                .withValueSerde(rollup.serde()))
        .toStream(Named.as(prefix + "-updates"));
  }

  /**
   * The branch named {@code name} of a split: Kafka Streams names it "split name + branch name".
   */
  private static <V> KStream<String, V> branch(
      Map<String, KStream<String, V>> branches, String name) {
    return Objects.requireNonNull(branches.get(name), name);
  }

  /** Sets a theme rollup's declared figures and events (see {@link ThemeDeclared}). */
  private static final class ThemeDecorator
      implements FixedKeyProcessor<String, ThemeTotal, ThemeTotal> {
    private final ThemeDeclared declared;
    private FixedKeyProcessorContext<String, ThemeTotal> context;

    ThemeDecorator(Declarations declarations) {
      this.declared = new ThemeDeclared(declarations);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ThemeTotal> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, ThemeTotal> record) {
      context.forward(record.withValue(declared.decorate(record.value())));
    }
  }

  /** Tells the observer of each total the cache lets out, with the partition of its task. */
  private static final class PublishedTotals
      implements FixedKeyProcessor<String, MetricTotal, MetricTotal> {
    private final TallyObserver observer;
    private FixedKeyProcessorContext<String, MetricTotal> context;

    PublishedTotals(TallyObserver observer) {
      this.observer = observer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, MetricTotal> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, MetricTotal> record) {
      observer.totalPublished(context.taskId().partition(), record.key(), record.value());
      context.forward(record);
    }
  }

  private static void dailyTotals(KStream<String, Routed> counted, TopicNames topics) {
    counted
        .process(DailyTotalsProcessor.supplier(), Named.as("tally-daily"))
        .to(
            topics.metricTotalsDaily(),
            Produced.with(Serdes.String(), TallySerdes.metricDailyTotal())
                .withName("tally-daily-sink"));
  }
}
