package io.tally.runtime;

import io.tally.avro.MetricTotal;
import io.tally.runs.KeyedTotals;
import io.tally.topology.TallyObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metric totals of this instance's active tasks, kept in memory so that a scrape reads no
 * store: a partition's totals are read from its store the first time they are asked for while its
 * task is active, and kept current from then on by the totals the topology publishes at each commit
 * ({@link TallyObserver#totalPublished}).
 *
 * <p><b>Why the values stay right.</b> A restore or a task moving to another instance does not go
 * through the topology, so any change of Kafka Streams' state (a rebalance is always one) drops
 * every partition, to be read again from its store at the next ask. A partition's map is in place
 * before its store is read, and the store's values only fill keys that no published total has
 * written meanwhile: a total is published after the store's cache holds it, so the read sees it or
 * a newer one, and a total published during the read is newer than what the read saw of that key.
 * Like a query of the store, the values may include a commit not yet done; unlike it, they do not
 * include what the record cache holds until the commit lets it out, so they can trail a query of
 * the store by one commit interval.
 *
 * <p><b>Threading.</b> {@link #totalPublished} runs on stream threads; {@link #current()} on
 * whichever thread asks (a scrape), one at a time.
 */
final class ActiveTotals implements TallyObserver {
  private static final Logger log = LoggerFactory.getLogger(ActiveTotals.class);

  /** Where the totals come from when a partition is first asked for. */
  interface Stores {
    /**
     * The partitions of this instance's active tasks that hold metric totals, in order; empty when
     * the stores cannot be queried (Kafka Streams not running).
     */
    Optional<SortedSet<Integer>> activePartitions();

    /**
     * Gives every total of one partition's store.
     *
     * @throws InvalidStateStoreException when the partition's store cannot be read now
     */
    void read(int partition, BiConsumer<String, MetricTotal> total);
  }

  private record Partition(long generation, ConcurrentHashMap<String, MetricTotal> totals) {}

  private final Stores stores;
  private final ConcurrentHashMap<Integer, Partition> partitions = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  ActiveTotals(Stores stores) {
    this.stores = stores;
  }

  /** Kafka Streams changed state: every partition is read again from its store when next asked. */
  void stateChanged() {
    generation.incrementAndGet();
  }

  @Override
  public void totalPublished(int partition, String metricKey, @Nullable MetricTotal total) {
    Partition held = partitions.get(partition);
    if (held == null) {
      return; // not asked for yet: read from its store when it is
    }
    if (total == null) {
      held.totals().remove(metricKey);
    } else {
      held.totals().put(metricKey, total);
    }
  }

  /**
   * Every total of this instance's active tasks with its metric key; none while any of their stores
   * cannot be read (migrating, restoring or not running), rather than stale or partial numbers.
   */
  synchronized KeyedTotals current() {
    Optional<SortedSet<Integer>> active = stores.activePartitions();
    if (active.isEmpty()) {
      partitions.clear();
      return KeyedTotals.NONE;
    }
    long now = generation.get();
    partitions
        .entrySet()
        .removeIf(e -> !active.get().contains(e.getKey()) || e.getValue().generation() != now);
    List<ConcurrentHashMap<String, MetricTotal>> held = new ArrayList<>(active.get().size());
    for (int partition : active.get()) {
      Partition p = partitions.get(partition);
      if (p == null) {
        p = new Partition(now, new ConcurrentHashMap<>());
        partitions.put(partition, p);
        try {
          stores.read(partition, p.totals()::putIfAbsent);
        } catch (InvalidStateStoreException e) {
          partitions.remove(partition);
          log.debug(
              "partition {} of the metric totals not queryable now: {}", partition, e.getMessage());
          return KeyedTotals.NONE;
        }
      }
      held.add(p.totals());
    }
    // Sized for what the maps hold now; a total published meanwhile only grows the lists.
    int size = held.stream().mapToInt(ConcurrentHashMap::size).sum();
    List<String> keys = new ArrayList<>(size + 16);
    List<MetricTotal> totals = new ArrayList<>(size + 16);
    for (ConcurrentHashMap<String, MetricTotal> p : held) {
      p.forEach(
          (key, total) -> {
            keys.add(key);
            totals.add(total);
          });
    }
    return new KeyedTotals(keys, totals);
  }
}
