package io.tally.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.avro.MetricTotal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * Routing of queries with fakes: a key is read from its owner only, "every" reads each partition
 * once from its owner, and any unavailable owner makes the whole answer unavailable.
 */
class ClusterTotalsTest {
  private static final HostInfo SELF = new HostInfo("a", 8080);
  private static final HostInfo PEER = new HostInfo("b", 8080);

  /** Partition p holds the keys listed for it; owners say who is active for p. */
  private final Map<Integer, List<MetricTotal>> partitions = new TreeMap<>();

  private final Map<Integer, HostInfo> owners = new LinkedHashMap<>();
  private final List<String> reads = new ArrayList<>();

  private final Placement placement =
      new Placement() {
        @Override
        public Owner ownerOf(String store, String key) {
          for (Map.Entry<Integer, List<MetricTotal>> p : partitions.entrySet()) {
            if (p.getValue().stream().anyMatch(t -> key.startsWith(TestTotals.key(t)))) {
              return owner(p.getKey());
            }
          }
          return owner(0);
        }

        @Override
        public Map<HostInfo, Set<Integer>> owners(String store) {
          Map<HostInfo, Set<Integer>> byHost = new LinkedHashMap<>();
          for (int p : partitions.keySet()) {
            byHost.computeIfAbsent(owner(p).host(), h -> new TreeSet<>()).add(p);
          }
          return byHost;
        }

        private Owner owner(int partition) {
          HostInfo host = owners.get(partition);
          if (host == null) {
            throw new UnavailableException("partition " + partition + " has no active owner");
          }
          return new Owner(host, partition);
        }
      };

  private PartitionReader readerOf(HostInfo host, boolean up) {
    return new PartitionReader() {
      @Override
      @SuppressWarnings("unchecked")
      public <V> List<V> read(StoreSpec<V> store, Set<Integer> wanted, Selection selection) {
        reads.add(host.host() + ":" + wanted + ":" + selection.getClass().getSimpleName());
        if (!up) {
          throw new UnavailableException("instance " + host + " does not answer");
        }
        List<V> out = new ArrayList<>();
        for (int p : wanted) {
          if (!host.equals(owners.get(p))) {
            throw new UnavailableException("partition " + p + " is not active on " + host);
          }
          for (MetricTotal t : partitions.getOrDefault(p, List.of())) {
            boolean picked =
                selection instanceof Selection.Key k
                    ? TestTotals.key(t).equals(k.key())
                    : !(selection instanceof Selection.Prefix);
            if (picked) {
              out.add((V) t);
            }
          }
        }
        return out;
      }
    };
  }

  private ClusterTotals cluster(boolean peerUp) {
    return new ClusterTotals(placement, SELF, readerOf(SELF, true), h -> readerOf(h, peerUp));
  }

  private void twoInstancesThreePartitions() {
    partitions.put(0, List.of(TestTotals.metric("s", "green", "trees", 10)));
    partitions.put(
        1,
        List.of(
            TestTotals.metric("s", "farmers", "orders", 20),
            TestTotals.metric("s", "farmers", "villages", 30)));
    partitions.put(2, List.of());
    owners.put(0, SELF);
    owners.put(1, PEER);
    owners.put(2, SELF);
  }

  @Test
  void everyReadsEachPartitionOnceFromItsOwner() {
    twoInstancesThreePartitions();
    List<MetricTotal> all = cluster(true).metricTotals();
    assertThat(all).extracting(MetricTotal::getValue).containsExactlyInAnyOrder(10L, 20L, 30L);
    assertThat(reads).containsExactly("a:[0, 2]:All", "b:[1]:All");
  }

  @Test
  void aKeyIsReadFromItsOwnerOnly() {
    twoInstancesThreePartitions();
    assertThat(cluster(true).metricTotal("s/farmers/villages"))
        .hasValueSatisfying(t -> assertThat(t.getValue()).isEqualTo(30L));
    assertThat(reads).containsExactly("b:[1]:Key");
    reads.clear();
    assertThat(cluster(true).metricTotal("s/green/trees")).isPresent();
    assertThat(reads).containsExactly("a:[0]:Key");
  }

  @Test
  void anUnknownKeyIsEmptyNotUnavailable() {
    twoInstancesThreePartitions();
    assertThat(cluster(true).metricTotal("s/green/nothing")).isEmpty();
  }

  @Test
  void anOwnerThatDoesNotAnswerMakesTheWholeAnswerUnavailable() {
    twoInstancesThreePartitions();
    assertThatThrownBy(() -> cluster(false).metricTotals())
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("does not answer");
    assertThatThrownBy(() -> cluster(false).metricTotal("s/farmers/orders"))
        .isInstanceOf(UnavailableException.class);
    // A key this instance owns does not depend on the peer.
    assertThat(cluster(false).metricTotal("s/green/trees")).isPresent();
  }

  @Test
  void aPartitionWithoutActiveOwnerMakesEveryUnavailable() {
    twoInstancesThreePartitions();
    owners.remove(1);
    assertThatThrownBy(() -> cluster(true).metricTotals())
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("no active owner");
  }

  @Test
  void dailyTotalsAreAPrefixReadOnTheMetricKeysOwner() {
    twoInstancesThreePartitions();
    cluster(true).dailyTotals("s/farmers/orders");
    assertThat(reads).containsExactly("b:[1]:Prefix");
  }
}
