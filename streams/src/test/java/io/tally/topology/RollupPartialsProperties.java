package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A rollup's aggregate, fed only the changes {@link RollupPartials} sends, ends equal to the rollup
 * computed afresh from the metric states: through metrics that move, runs that replace runs, sends
 * at any time, commits, and crashes that roll the stores and the aggregate back to the last commit.
 */
class RollupPartialsProperties {
  private static final String SENT = "sent";

  /** One step: a metric's new total, a send (punctuation), a commit, or a crash. */
  sealed interface Step {}

  record Update(int metric, int theme, int run, int counted, int events, boolean exact)
      implements Step {}

  record Send() implements Step {}

  record Commit() implements Step {}

  record Crash() implements Step {}

  @Property(tries = 200)
  void themeSumsAddUpToTheMetricStates(@ForAll("steps") @Size(max = 80) List<Step> steps) {
    run(
        ThemeRollup.INSTANCE,
        t ->
            List.of(
                (long) t.getFiguresSeen(),
                (long) t.getFiguresComplete(),
                t.getEvents(),
                t.getEventsExpected()),
        steps);
  }

  @Property(tries = 200)
  void runCountsAddUpToTheMetricStates(@ForAll("steps") @Size(max = 80) List<Step> steps) {
    run(
        RunProgress.INSTANCE,
        r ->
            List.of(
                (long) r.getFiguresStarted(),
                (long) r.getFiguresCounted(),
                (long) r.getExact(),
                r.getEventsCounted()),
        steps);
  }

  /** The sums of each key, without the keys whose sums are all zero. */
  private static <V> Map<String, List<Long>> counts(
      Map<String, V> sums, Function<V, List<Long>> counts) {
    Map<String, List<Long>> nonZero = new TreeMap<>();
    sums.forEach(
        (k, v) -> {
          List<Long> c = counts.apply(v);
          if (c.stream().anyMatch(n -> n != 0)) {
            nonZero.put(k, c);
          }
        });
    return nonZero;
  }

  private static <V> void run(Rollup<V> rollup, Function<V, List<Long>> counts, List<Step> steps) {
    Tasks<V> task = new Tasks<>(rollup);
    for (Step step : steps) {
      if (step instanceof Update u) {
        task.update(u);
      } else if (step instanceof Send) {
        task.send();
      } else if (step instanceof Commit) {
        task.commit();
      } else {
        task.crash();
      }
    }
    task.send();
    assertThat(counts(task.aggregate, counts)).isEqualTo(counts(task.afresh(), counts));
  }

  /** One task's stores, its processor, and the aggregate downstream, with a committed copy. */
  private static final class Tasks<V> {
    private final Rollup<V> rollup;
    private final KeyValueStore<String, MetricState> states =
        store("tally-metric-state", MetricState.serde());
    private final KeyValueStore<String, V> sent;
    private Map<String, V> aggregate = new TreeMap<>();
    private Map<String, MetricTotal> committedStates = new HashMap<>();
    private Map<String, V> committedSent = new HashMap<>();
    private Map<String, V> committedAggregate = new TreeMap<>();
    private MockProcessorContext<String, V> context;
    private Processor<String, Routed, String, V> processor;

    Tasks(Rollup<V> rollup) {
      this.rollup = rollup;
      this.sent = store(SENT, rollup.serde());
      start();
    }

    private void start() {
      context = new MockProcessorContext<>();
      states.init(context.getStateStoreContext(), states);
      sent.init(context.getStateStoreContext(), sent);
      context.addStateStore(states);
      context.addStateStore(sent);
      processor = RollupPartials.supplier(rollup, SENT).get();
      processor.init(context);
    }

    void update(Update u) {
      String key = "s/t" + u.theme() + "/m" + u.metric();
      MetricState current = states.get(key);
      Contribution before = current == null ? null : Contribution.of(current.total);
      MetricTotal total = total(u);
      states.put(key, new MetricState(total, new SequenceSet(), -1));
      processor.process(new Record<>(key, new Routed.Total(total, true, before), 0L));
    }

    void send() {
      context.scheduledPunctuators().get(0).getPunctuator().punctuate(1L);
      for (CapturedForward<? extends String, ? extends V> forward : context.forwarded()) {
        String key = forward.record().key();
        V total = aggregate.containsKey(key) ? aggregate.get(key) : rollup.empty();
        aggregate.put(key, rollup.plus(key, forward.record().value(), total));
      }
      context.resetForwards();
    }

    void commit() {
      committedStates = new HashMap<>();
      try (KeyValueIterator<String, MetricState> all = states.all()) {
        all.forEachRemaining(kv -> committedStates.put(kv.key, kv.value.total));
      }
      committedSent = copy(sent);
      committedAggregate = new TreeMap<>(aggregate);
    }

    /** Every store and the aggregate back at the last commit; the processor anew. */
    void crash() {
      clear(states);
      committedStates.forEach(
          (k, total) ->
              states.put(
                  k,
                  new MetricState(MetricTotal.newBuilder(total).build(), new SequenceSet(), -1)));
      clear(sent);
      committedSent.forEach(sent::put);
      aggregate = new TreeMap<>(committedAggregate);
      start();
    }

    /** The rollup of the metric states as they are, without the empty sums. */
    Map<String, V> afresh() {
      Map<String, V> sums = new TreeMap<>();
      try (KeyValueIterator<String, MetricState> all = states.all()) {
        all.forEachRemaining(
            kv -> {
              Contribution c = Contribution.of(kv.value.total);
              rollup.add(sums.computeIfAbsent(rollup.key(c), k -> rollup.empty()), c, 1);
            });
      }
      return sums;
    }

    private Map<String, V> copy(KeyValueStore<String, V> store) {
      Map<String, V> copy = new HashMap<>();
      try (KeyValueIterator<String, V> all = store.all()) {
        all.forEachRemaining(kv -> copy.put(kv.key, rollup.copy(kv.value)));
      }
      return copy;
    }

    private static <T> void clear(KeyValueStore<String, T> store) {
      List<String> keys = new ArrayList<>();
      try (KeyValueIterator<String, T> all = store.all()) {
        all.forEachRemaining((KeyValue<String, T> kv) -> keys.add(kv.key));
      }
      keys.forEach(store::delete);
    }
  }

  private static <T> KeyValueStore<String, T> store(String name, Serde<T> serde) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
        .withLoggingDisabled()
        .build();
  }

  private static MetricTotal total(Update u) {
    int events = Math.max(u.events(), u.counted());
    return MetricTotal.newBuilder()
        .setScenario("s")
        .setTheme("t" + u.theme())
        .setMetric("m" + u.metric())
        .setFigureId("f" + u.metric())
        .setRunId("run-" + u.run())
        .setUnit("count")
        .setKind(FigureKind.COUNTER)
        .setQualifier(Qualifier.EXACT)
        .setValue(u.counted())
        .setExpectedValue(events)
        .setEventsCounted(u.counted())
        .setEventsInFigure(events)
        .setDuplicates(0)
        .setLastEventTime(Instant.ofEpochSecond(1_700_000_000L + u.counted() * 60L + u.metric()))
        .setComplete(u.exact() && u.counted() == events)
        .setLabel("")
        .setSentence("")
        .build();
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> update =
        Combinators.combine(
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 5),
                Arbitraries.of(true, false))
            .as(
                (metric, theme, run, counted, events, exact) ->
                    (Step) new Update(metric, theme, run, counted, events, exact));
    Arbitrary<Step> other = Arbitraries.of(new Send(), new Commit(), new Crash());
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, update), net.jqwik.api.Tuple.of(3, other))
        .list();
  }
}
