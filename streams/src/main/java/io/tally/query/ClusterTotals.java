package io.tally.query;

import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@link TotalsQueries} over every instance of the application: a key is read from the active owner
 * of its partition (locally if that is this instance, else from the owner over HTTP); "every" reads
 * each partition once from its active owner and concatenates (keys never span partitions, so
 * nothing is counted twice). Any partition without a running active owner makes the whole query
 * {@link UnavailableException}.
 */
public final class ClusterTotals implements TotalsQueries {
  private final Placement placement;
  private final HostInfo self;
  private final PartitionReader local;
  private final Function<HostInfo, PartitionReader> peers;

  /**
   * @param self this instance as the others know it ({@code application.server})
   * @param local reads this instance's active tasks
   * @param peers reads another instance's active tasks
   */
  public ClusterTotals(
      Placement placement,
      HostInfo self,
      PartitionReader local,
      Function<HostInfo, PartitionReader> peers) {
    this.placement = placement;
    this.self = self;
    this.local = local;
    this.peers = peers;
  }

  @Override
  public List<MetricTotal> metricTotals() {
    return every(StoreSpec.METRIC_TOTALS);
  }

  @Override
  public List<ThemeTotal> themeTotals() {
    return every(StoreSpec.THEME_TOTALS);
  }

  @Override
  public Optional<MetricTotal> metricTotal(String metricKey) {
    return one(StoreSpec.METRIC_TOTALS, metricKey);
  }

  @Override
  public Optional<ThemeTotal> themeTotal(String themeKey) {
    return one(StoreSpec.THEME_TOTALS, themeKey);
  }

  @Override
  public List<MetricDailyTotal> dailyTotals(String metricKey) {
    // The daily totals are computed in the sub-topology that reads the event topic, which is keyed
    // by the metric key: a figure's days all sit in the partition of its metric key.
    Placement.Owner owner = placement.ownerOf(StoreSpec.DAILY_TOTALS.name(), metricKey);
    return reader(owner.host())
        .read(
            StoreSpec.DAILY_TOTALS,
            Set.of(owner.partition()),
            new Selection.Prefix(metricKey + "/"));
  }

  @Override
  public List<RunStatus> runProgress() {
    return every(StoreSpec.RUN_PROGRESS);
  }

  private <V> Optional<V> one(StoreSpec<V> store, String key) {
    Placement.Owner owner = placement.ownerOf(store.name(), key);
    List<V> found =
        reader(owner.host()).read(store, Set.of(owner.partition()), new Selection.Key(key));
    return found.stream().findFirst();
  }

  private <V> List<V> every(StoreSpec<V> store) {
    List<V> values = new ArrayList<>();
    for (Map.Entry<HostInfo, Set<Integer>> owned : placement.owners(store.name()).entrySet()) {
      values.addAll(reader(owned.getKey()).read(store, owned.getValue(), Selection.all()));
    }
    return values;
  }

  private PartitionReader reader(HostInfo host) {
    return host.equals(self) ? local : peers.apply(host);
  }
}
