package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricTotal;
import io.tally.topology.TotalsFold.Counted;
import io.tally.topology.TotalsFold.Duplicate;
import io.tally.topology.TotalsFold.Outcome;
import io.tally.topology.TotalsFold.Rejected;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor {@code tally-totals}: folds accepted events into their metric's running total
 * ({@link TotalsFold}) in the persistent store {@code tally-metric-state}, and forwards
 *
 * <ul>
 *   <li>a {@link Routed.Total} for every counted or duplicate event (to {@code tally.metric-totals}
 *       and the queryable table {@code tally-metric-totals});
 *   <li>for a counted event, a {@link Routed.Counted} with its local day (to {@code tally-daily})
 *       or, if that day has closed ({@link DailyGate}), a {@link Routed.Late} (to {@code
 *       tally.late-events}): late events still count in the running total;
 *   <li>a {@link Routed.DeadLetter} for an event that cannot be counted ({@code overflow}, {@code
 *       inconsistent-figure}).
 * </ul>
 *
 * <p>The newest run to touch a metric replaces the previous run's totals: an event whose run id
 * differs from the state's resets the metric to the new run, and its days with it. Days close in
 * the stream time of the metric's run: the latest event time the run has counted for the metric,
 * which the state already holds, so a new run's days are open again and a replay decides lateness
 * the same way whatever other figures share its partition. Input needs no repartition: the producer
 * keys every event of a figure by its metric key.
 */
final class TotalsProcessor implements FixedKeyProcessor<String, Routed, Routed> {
  static final String STATE_STORE = "tally-metric-state";
  private static final Logger log = LoggerFactory.getLogger(TotalsProcessor.class);

  private final TallyObserver observer;
  private final LocalDays localDays;
  private final DailyGate gate;
  private final StoreMemo<MetricState> memo = new StoreMemo<>(StoreMemo.DEFAULT_CAPACITY);
  private FixedKeyProcessorContext<String, Routed> context;
  private KeyValueStore<String, MetricState> states;

  private TotalsProcessor(TopologyConfig config, TallyObserver observer) {
    this.observer = observer;
    this.localDays = new LocalDays(config.fallbackZone());
    this.gate = new DailyGate(config.dailyGrace());
  }

  /** The supplier, which also declares the processor's store (persistent, logged, cached). */
  static FixedKeyProcessorSupplier<String, Routed, Routed> supplier(
      TopologyConfig config, TallyObserver observer) {
    return new FixedKeyProcessorSupplier<>() {
      @Override
      public FixedKeyProcessor<String, Routed, Routed> get() {
        return new TotalsProcessor(config, observer);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        // Caching: a hot metric rewrites its state on every event; the cache collapses those
        // writes to one changelog record per key and commit instead of one per event.
        return Set.of(
            Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(STATE_STORE),
                    Serdes.String(),
                    MetricState.serde())
                .withCachingEnabled());
      }
    };
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Routed> context) {
    this.context = context;
    this.states = context.getStateStore(STATE_STORE);
    memo.clear();
  }

  @Override
  public void close() {
    memo.clear();
  }

  @Override
  public void process(FixedKeyRecord<String, Routed> record) {
    if (!(record.value() instanceof Routed.Accepted accepted)) {
      throw new IllegalStateException(
          "tally-totals expects accepted events, got " + record.value());
    }
    try {
      process(record, accepted);
    } catch (RuntimeException e) {
      // The state may have changed in memory without reaching the store.
      memo.forget(record.key());
      throw e;
    }
  }

  private void process(FixedKeyRecord<String, Routed> record, Routed.Accepted accepted) {
    FigureEvent event = accepted.event();
    MetricState current = read(record.key());
    // Taken before the fold, which changes the state in place.
    Contribution before = current == null ? null : Contribution.of(current.total);
    Outcome outcome = TotalsFold.apply(current, event);
    if (outcome instanceof Rejected rejected) {
      DeadLetters.send(context, record, accepted.raw(), rejected.rejection(), observer);
    } else if (outcome instanceof Duplicate duplicate) {
      write(record.key(), duplicate.state());
      log.debug("duplicate {} of run {} ignored", event.getEventId(), event.getRunId());
      observer.duplicate(event);
      forwardTotal(record, duplicate.state().total, false, null);
    } else if (outcome instanceof Counted counted) {
      write(record.key(), counted.state());
      if (counted.supersededRunId() != null) {
        log.info(
            "run {} replaces run {} for {}",
            event.getRunId(),
            counted.supersededRunId(),
            record.key());
        observer.superseded(record.key(), counted.supersededRunId(), event.getRunId());
      }
      long latency = TallyHeaders.latencyMs(record.headers(), context.currentSystemTimeMs());
      observer.eventCounted(event, latency);
      forwardTotal(record, counted.state().total, true, before);
      forwardToDay(record, event, counted);
    }
  }

  /** The metric's state: as last written, if the memo has it, else from the store. */
  private MetricState read(String key) {
    MetricState state = memo.get(key);
    return state != null ? state : states.get(key);
  }

  private void write(String key, MetricState state) {
    states.put(key, state);
    memo.put(key, state);
  }

  /**
   * The total carries the latest event time it counted, not the triggering event's: a duplicate or
   * an older event arriving late would otherwise step the totals table back in time.
   */
  private void forwardTotal(
      FixedKeyRecord<String, Routed> record,
      MetricTotal total,
      boolean counted,
      @Nullable Contribution before) {
    context.forward(
        record
            .withValue(new Routed.Total(total, counted, before))
            .withTimestamp(Math.max(0, total.getLastEventTime().toEpochMilli())));
  }

  private void forwardToDay(
      FixedKeyRecord<String, Routed> record, FigureEvent event, Counted counted) {
    LocalDays.Day day = localDays.of(event);
    // The fold keeps the latest event time counted in the run as the total's lastEventTime.
    if (gate.isOpen(day, counted.state().total.getLastEventTime())) {
      // Never late, a run's first event always gets here to drop the days of the run it replaces.
      boolean replacesRun = counted.supersededRunId() != null;
      MetricTotal total = counted.state().total;
      boolean figureDone = total.getEventsCounted() >= total.getEventsInFigure();
      context.forward(
          record.withValue(new Routed.Counted(event, day.date(), replacesRun, figureDone)));
      return;
    }
    log.debug("event {} is late for {} {}", event.getEventId(), record.key(), day.date());
    observer.late(event);
    context.forward(
        record
            .withValue(new Routed.Late(event))
            .withHeaders(TallyHeaders.late(record.headers(), day.date().toString())));
  }
}
