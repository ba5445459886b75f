package io.tally.query;

import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import io.tally.serde.TallySerdes;
import io.tally.topology.TallyTopology;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * A queryable key-value store of the topology (String keys), with the serde that carries its values
 * between instances: the published Avro single-object encoding, so two instances of different
 * versions either agree on the schema or refuse the record loudly.
 *
 * @param <V> the value type
 */
public final class StoreSpec<V> {
  /** {@code scenario/theme/metric} → the figure's latest total. */
  public static final StoreSpec<MetricTotal> METRIC_TOTALS =
      new StoreSpec<>(TallyTopology.METRIC_TOTALS_STORE, TallySerdes.metricTotal());

  /** {@code scenario/theme} → the theme's rollup. */
  public static final StoreSpec<ThemeTotal> THEME_TOTALS =
      new StoreSpec<>(TallyTopology.THEME_TOTALS_STORE, TallySerdes.themeTotal());

  /** {@code scenario/theme/metric/YYYY-MM-DD} → the figure's total of that local day. */
  public static final StoreSpec<MetricDailyTotal> DAILY_TOTALS =
      new StoreSpec<>(TallyTopology.DAILY_TOTALS_STORE, TallySerdes.metricDailyTotal());

  /** run id → the counts of the run's metric totals. */
  public static final StoreSpec<RunStatus> RUN_PROGRESS =
      new StoreSpec<>(TallyTopology.RUN_PROGRESS_STORE, TallySerdes.runStatus());

  private static final List<StoreSpec<?>> ALL =
      List.of(METRIC_TOTALS, THEME_TOTALS, DAILY_TOTALS, RUN_PROGRESS);

  private final String name;
  private final Serde<V> serde;

  private StoreSpec(String name, Serde<V> serde) {
    this.name = name;
    this.serde = serde;
  }

  /** The store of that name, if it is one of the queryable ones. */
  public static Optional<StoreSpec<?>> named(String name) {
    return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
  }

  public String name() {
    return name;
  }

  public Serde<V> serde() {
    return serde;
  }

  @Override
  public String toString() {
    return name;
  }
}
