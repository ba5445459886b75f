package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import io.tally.serde.TallySerdes;
import io.tally.topology.DailyFold.Day;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor {@code tally-daily}: folds the counted events {@link TotalsProcessor} admits
 * ({@link Routed.Counted}) into their metric's total for their local day ({@link DailyFold}), in
 * the queryable store {@code tally-metric-totals-daily}, and publishes the days that changed to
 * {@code tally.metric-totals-daily} every {@link PendingKeys#INTERVAL} (each once, as it is then),
 * keyed {@code scenario/theme/metric/YYYY-MM-DD}, timestamped with the day's latest event time.
 *
 * <p>A run that replaces another starts its days afresh, as the running total does: its first event
 * drops every day of the metric (a tombstone each on the topic) before it is counted, so days the
 * new run never reaches do not linger with the old run's values.
 *
 * <p>It runs in the task of {@code tally-totals}, on the same metric keys (no repartition).
 */
final class DailyTotalsProcessor
    extends ContextualProcessor<String, Routed, String, MetricDailyTotal> {
  static final String TOTALS_STORE = "tally-metric-totals-daily";
  static final String GAUGE_SEQUENCE_STORE = "tally-daily-gauge-sequence";
  static final String PENDING_STORE = "tally-daily-pending";
  private static final Logger log = LoggerFactory.getLogger(DailyTotalsProcessor.class);

  private final StoreMemo<Day> memo = new StoreMemo<>(StoreMemo.DEFAULT_CAPACITY);
  private KeyValueStore<String, MetricDailyTotal> totals;
  private KeyValueStore<String, Integer> gaugeSequences;
  private PendingKeys pending;

  private DailyTotalsProcessor() {}

  /**
   * The supplier, which also declares the processor's stores: two persistent, logged and cached;
   * the days waiting to be published in memory, logged and cached.
   */
  static ProcessorSupplier<String, Routed, String, MetricDailyTotal> supplier() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, Routed, String, MetricDailyTotal> get() {
        return new DailyTotalsProcessor();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(TOTALS_STORE),
                    Serdes.String(),
                    TallySerdes.metricDailyTotal())
                .withCachingEnabled(),
            Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(GAUGE_SEQUENCE_STORE),
                    Serdes.String(),
                    Serdes.Integer())
                .withCachingEnabled(),
            PendingKeys.storeBuilder(PENDING_STORE));
      }
    };
  }

  @Override
  public void init(ProcessorContext<String, MetricDailyTotal> context) {
    super.init(context);
    totals = context.getStateStore(TOTALS_STORE);
    gaugeSequences = context.getStateStore(GAUGE_SEQUENCE_STORE);
    pending = new PendingKeys(context.getStateStore(PENDING_STORE));
    memo.clear();
    context.schedule(PendingKeys.INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::publish);
  }

  /**
   * Publishes each day changed since the last time, once, with its value now (a tombstone if it was
   * dropped): a busy day's hundreds of steps in an interval become one record.
   */
  private void publish(long now) {
    for (String key : pending.drain()) {
      Day day = read(key);
      if (day == null) {
        context().forward(new Record<String, MetricDailyTotal>(key, null, now));
      } else {
        MetricDailyTotal total = day.total();
        context().forward(new Record<>(key, total, total.getLastEventTime().toEpochMilli()));
      }
    }
  }

  @Override
  public void close() {
    memo.clear();
  }

  @Override
  public void process(Record<String, Routed> record) {
    if (!(record.value() instanceof Routed.Counted counted)) {
      throw new IllegalStateException("tally-daily expects counted events, got " + record.value());
    }
    FigureEvent event = counted.event();
    if (counted.replacesRun()) {
      dropDays(record, event.getRunId());
    }
    String key = MetricKeys.daily(record.key(), counted.day());
    Day day;
    try {
      day = DailyFold.apply(read(key), event, counted.day());
      totals.put(key, day.total());
      if (event.getKind() == FigureKind.GAUGE) {
        gaugeSequences.put(key, day.valueSequence());
      }
      memo.put(key, day);
      pending.mark(key);
    } catch (RuntimeException e) {
      memo.forget(key);
      throw e;
    }
    if (counted.figureDone()) {
      closeDays(record);
    }
  }

  /**
   * The figure has counted every event its run declares: each of its days is final, published once
   * more with {@code closed} set, without waiting for stream time to pass the grace.
   */
  private void closeDays(Record<String, Routed> record) {
    for (KeyValue<String, MetricDailyTotal> day : days(record.key())) {
      if (day.value.getClosed()) {
        continue;
      }
      MetricDailyTotal closed = MetricDailyTotal.newBuilder(day.value).setClosed(true).build();
      totals.put(day.key, closed);
      memo.forget(day.key);
      pending.mark(day.key);
    }
  }

  /** Every day of a metric, from the store. */
  private List<KeyValue<String, MetricDailyTotal>> days(String metricKey) {
    String prefix = metricKey + "/";
    List<KeyValue<String, MetricDailyTotal>> days = new ArrayList<>();
    try (KeyValueIterator<String, MetricDailyTotal> scan =
        totals.prefixScan(prefix, new StringSerializer())) {
      // A metric named like "metric/x" shares the prefix; its keys have a '/' after it.
      scan.forEachRemaining(
          day -> {
            if (day.key.indexOf('/', prefix.length()) < 0) {
              days.add(day);
            }
          });
    }
    return days;
  }

  /** The day: as last written, if the memo has it, else from the stores. */
  private @Nullable Day read(String key) {
    Day known = memo.get(key);
    if (known != null) {
      return known;
    }
    MetricDailyTotal total = totals.get(key);
    if (total == null) {
      return null;
    }
    if (total.getKind() != FigureKind.GAUGE) {
      return new Day(total, DailyFold.NO_SEQUENCE);
    }
    Integer sequence = gaugeSequences.get(key);
    return new Day(total, sequence == null ? DailyFold.NO_SEQUENCE : sequence);
  }

  /** Deletes every day of the record's metric and publishes their tombstones. */
  private void dropDays(Record<String, Routed> record, String runId) {
    List<KeyValue<String, MetricDailyTotal>> days = days(record.key());
    for (KeyValue<String, MetricDailyTotal> day : days) {
      memo.forget(day.key);
      totals.delete(day.key);
      if (day.value.getKind() == FigureKind.GAUGE) {
        gaugeSequences.delete(day.key);
      }
      pending.mark(day.key);
    }
    log.debug("run {} drops {} days of {}", runId, days.size(), record.key());
  }
}
