package io.tally.reconcile;

import io.tally.avro.MetricTotal;
import java.util.Optional;

/**
 * Read access to the latest total of each metric, e.g. the {@code tally-metric-totals} store of a
 * running Streams application, or a map in a test.
 */
@FunctionalInterface
public interface TotalsView {
  /** The latest total of {@code scenario/theme/metric}, if any event of it was counted. */
  Optional<MetricTotal> get(String metricKey);
}
