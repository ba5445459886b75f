package io.tally.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
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

/**
 * A rollup's sums over the metrics of one task, folded in memory as events are counted and sent on
 * as changes every {@link PendingKeys#INTERVAL}: one record per rollup key and task, however many
 * of its metrics moved, instead of a metric's old and new total through a repartition topic for
 * every total that moved. The rollup's aggregate adds the changes of every task up.
 *
 * <p>Exact through failures: the sums are not stored but rebuilt from the metric states ({@code
 * tally-metric-state}) whenever the processor is initialised (after a restore, a rebalance, an
 * aborted transaction), and what was last sent for each key is kept in a changelogged store written
 * in the same transaction as the change sent. A change is therefore "now minus what the aggregate
 * already holds from this task", whatever was lost in between.
 */
final class RollupPartials<V> extends ContextualProcessor<String, Routed, String, V> {
  private final Rollup<V> rollup;
  private final String sentStoreName;
  private final Map<String, V> sums = new HashMap<>();
  private final Map<String, V> sent = new HashMap<>();
  private final Set<String> changed = new HashSet<>();
  private KeyValueStore<String, V> sentStore;

  private RollupPartials(Rollup<V> rollup, String sentStoreName) {
    this.rollup = rollup;
    this.sentStoreName = sentStoreName;
  }

  /**
   * The supplier, which also declares the store of what was sent (persistent, logged). The
   * processor must also be connected to {@link TotalsProcessor#STATE_STORE}.
   */
  static <V> ProcessorSupplier<String, Routed, String, V> supplier(
      Rollup<V> rollup, String sentStoreName) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, Routed, String, V> get() {
        return new RollupPartials<>(rollup, sentStoreName);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(sentStoreName), Serdes.String(), rollup.serde()));
      }
    };
  }

  @Override
  public void init(ProcessorContext<String, V> context) {
    super.init(context);
    sentStore = context.getStateStore(sentStoreName);
    KeyValueStore<String, MetricState> states = context.getStateStore(TotalsProcessor.STATE_STORE);
    sums.clear();
    sent.clear();
    changed.clear();
    try (KeyValueIterator<String, MetricState> all = states.all()) {
      all.forEachRemaining(kv -> add(Contribution.of(kv.value.total), 1));
    }
    try (KeyValueIterator<String, V> all = sentStore.all()) {
      all.forEachRemaining(kv -> sent.put(kv.key, kv.value));
    }
    changed.addAll(sent.keySet());
    context.schedule(PendingKeys.INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::send);
  }

  @Override
  public void process(Record<String, Routed> record) {
    if (!(record.value() instanceof Routed.Total total)) {
      throw new IllegalStateException("rollups expect metric totals, got " + record.value());
    }
    if (!total.counted()) {
      return;
    }
    Contribution before = total.before();
    if (before != null) {
      add(before, -1);
    }
    add(Contribution.of(total.total()), 1);
  }

  private void add(Contribution contribution, int sign) {
    String key = rollup.key(contribution);
    rollup.add(sums.computeIfAbsent(key, k -> rollup.empty()), contribution, sign);
    changed.add(key);
  }

  /** Sends each changed key's change since it was last sent, in key order. */
  private void send(long now) {
    if (changed.isEmpty()) {
      return;
    }
    List<String> keys = new ArrayList<>(changed);
    changed.clear();
    Collections.sort(keys);
    for (String key : keys) {
      V sum = sums.get(key);
      V last = sent.get(key);
      boolean empty = sum == null || rollup.isEmpty(sum);
      if (last == null ? empty : last.equals(sum)) {
        continue;
      }
      V current = sum != null ? sum : rollup.empty();
      V change = rollup.change(current, last != null ? last : rollup.empty());
      context().forward(new Record<>(key, change, now));
      if (empty) {
        sums.remove(key);
        sent.remove(key);
        sentStore.delete(key);
      } else {
        V copy = rollup.copy(current);
        sent.put(key, copy);
        sentStore.put(key, copy);
      }
    }
  }
}
