package io.tally.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.MetricTotal;
import io.tally.query.TestTotals;
import io.tally.runs.KeyedTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple4;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

class ActiveTotalsTest {

  @Test
  void aPartitionIsReadFromItsStoreOnceThenKeptByWhatIsPublished() {
    FakeStores stores = new FakeStores(2);
    stores.write(0, "s/t/a", 1);
    stores.write(1, "s/t/b", 2);
    ActiveTotals totals = new ActiveTotals(stores);

    assertThat(values(totals)).containsExactlyInAnyOrder(1L, 2L);
    stores.publish(totals, 0, "s/t/a", 5);
    stores.publish(totals, 1, "s/t/c", 7);

    assertThat(values(totals)).containsExactlyInAnyOrder(5L, 2L, 7L);
    assertThat(stores.reads).isEqualTo(2);
  }

  @Test
  void anyChangeOfStateReadsEveryPartitionAgain() {
    FakeStores stores = new FakeStores(1);
    stores.write(0, "s/t/a", 1);
    ActiveTotals totals = new ActiveTotals(stores);
    assertThat(values(totals)).containsExactly(1L);

    // A restore writes the store without going through the topology.
    stores.store.get(0).put("s/t/a", TestTotals.metric("s", "t", "a", 9));
    totals.stateChanged();

    assertThat(values(totals)).containsExactly(9L);
    assertThat(stores.reads).isEqualTo(2);
  }

  @Test
  void aPartitionNoLongerActiveIsDroppedAndReadAgainWhenItComesBack() {
    FakeStores stores = new FakeStores(2);
    stores.write(0, "s/t/a", 1);
    stores.write(1, "s/t/b", 2);
    ActiveTotals totals = new ActiveTotals(stores);
    assertThat(values(totals)).containsExactlyInAnyOrder(1L, 2L);

    stores.active.remove(1);
    assertThat(values(totals)).containsExactly(1L);
    stores.publish(totals, 1, "s/t/b", 3); // its last commit here, after it was dropped
    stores.active.add(1);

    assertThat(values(totals)).containsExactlyInAnyOrder(1L, 3L);
    assertThat(stores.reads).isEqualTo(3);
  }

  @Test
  void aTotalPublishedWhileItsStoreIsReadIsNotOverwrittenByTheReadsOlderValue() {
    FakeStores stores = new FakeStores(1);
    stores.write(0, "s/t/a", 1);
    ActiveTotals totals = new ActiveTotals(stores);
    // The read gives the value it saw, after a newer one was published meanwhile.
    stores.duringRead = () -> stores.publish(totals, 0, "s/t/a", 2);

    assertThat(values(totals)).containsExactly(2L);
  }

  @Test
  void aDeletedKeyLeaves() {
    FakeStores stores = new FakeStores(1);
    stores.write(0, "s/t/a", 1);
    stores.write(0, "s/t/b", 2);
    ActiveTotals totals = new ActiveTotals(stores);
    assertThat(values(totals)).hasSize(2);

    stores.store.get(0).remove("s/t/a");
    totals.totalPublished(0, "s/t/a", null);

    assertThat(values(totals)).containsExactly(2L);
  }

  @Test
  void nothingWhileAStoreCannotBeReadAndTheStoresOnceTheyCan() {
    FakeStores stores = new FakeStores(2);
    stores.write(0, "s/t/a", 1);
    stores.write(1, "s/t/b", 2);
    stores.unreadable.add(1);
    ActiveTotals totals = new ActiveTotals(stores);

    assertThat(totals.current().totals()).isEmpty();
    stores.unreadable.clear();
    assertThat(values(totals)).containsExactlyInAnyOrder(1L, 2L);

    stores.running = false;
    assertThat(totals.current().totals()).isEmpty();
  }

  /**
   * Whatever the order of commits, rebalances (a partition moving away or back, with the other
   * instance's commits written to its store meanwhile) and asks, an ask gives exactly the store's
   * totals of the active partitions.
   */
  @Property(tries = 300)
  void anAskGivesExactlyWhatTheActiveStoresHold(
      @ForAll("steps") List<Tuple4<Integer, Integer, Integer, Long>> steps) {
    FakeStores stores = new FakeStores(3);
    ActiveTotals totals = new ActiveTotals(stores);
    for (Tuple4<Integer, Integer, Integer, Long> step : steps) {
      int partition = step.get2();
      String key = "s/t/k" + step.get3();
      switch (step.get1()) {
        case 0, 1, 2 -> {
          // A commit: the active task writes its store, then publishes; another instance's task
          // only writes (its changelog, restored here when the partition comes back).
          boolean here = stores.active.contains(partition);
          stores.write(partition, key, step.get4());
          if (here) {
            totals.totalPublished(partition, key, stores.store.get(partition).get(key));
          }
        }
        case 3 -> {
          // A rebalance moves the partition away or back.
          if (!stores.active.remove(partition)) {
            stores.active.add(partition);
          }
          totals.stateChanged();
        }
        default -> assertThat(pairs(totals)).containsExactlyInAnyOrderElementsOf(stores.pairs());
      }
    }
    assertThat(pairs(totals)).containsExactlyInAnyOrderElementsOf(stores.pairs());
  }

  @Provide
  Arbitrary<List<Tuple4<Integer, Integer, Integer, Long>>> steps() {
    return net.jqwik.api.Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 5),
            Arbitraries.longs().between(0, 1_000))
        .as(Tuple::of)
        .list()
        .ofMaxSize(60);
  }

  private static List<Long> values(ActiveTotals totals) {
    return totals.current().totals().stream().map(MetricTotal::getValue).toList();
  }

  /** Each total as "key=value", its key as the ask gives it beside the total. */
  private static List<String> pairs(ActiveTotals totals) {
    KeyedTotals current = totals.current();
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < current.keys().size(); i++) {
      pairs.add(current.keys().get(i) + "=" + current.totals().get(i).getValue());
    }
    return pairs;
  }

  /** Stores of some partitions, all active at first. */
  private static final class FakeStores implements ActiveTotals.Stores {
    final Map<Integer, TreeMap<String, MetricTotal>> store = new HashMap<>();
    final SortedSet<Integer> active = new TreeSet<>();
    final Set<Integer> unreadable = new HashSet<>();
    boolean running = true;
    Runnable duringRead = () -> {};
    int reads;

    FakeStores(int partitions) {
      for (int p = 0; p < partitions; p++) {
        store.put(p, new TreeMap<>());
        active.add(p);
      }
    }

    void write(int partition, String key, long value) {
      String metric = key.substring(key.lastIndexOf('/') + 1);
      store.get(partition).put(key, TestTotals.metric("s", "t", metric, value));
    }

    void publish(ActiveTotals totals, int partition, String key, long value) {
      write(partition, key, value);
      totals.totalPublished(partition, key, store.get(partition).get(key));
    }

    List<String> pairs() {
      List<String> pairs = new ArrayList<>();
      for (int p : active) {
        store.get(p).forEach((key, t) -> pairs.add(key + "=" + t.getValue()));
      }
      return pairs;
    }

    @Override
    public Optional<SortedSet<Integer>> activePartitions() {
      return running ? Optional.of(new TreeSet<>(active)) : Optional.empty();
    }

    @Override
    public void read(int partition, BiConsumer<String, MetricTotal> total) {
      if (unreadable.contains(partition)) {
        throw new InvalidStateStoreException("partition " + partition + " restoring");
      }
      reads++;
      Map<String, MetricTotal> seen = new TreeMap<>(store.get(partition));
      duringRead.run();
      seen.forEach(total);
    }
  }
}
