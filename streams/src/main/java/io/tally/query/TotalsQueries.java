package io.tally.query;

import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import java.util.List;
import java.util.Optional;

/**
 * The totals of the whole application, whichever instance holds them. Every method throws {@link
 * UnavailableException} when it cannot answer exactly right now.
 */
public interface TotalsQueries {
  /** Every figure's total. */
  List<MetricTotal> metricTotals();

  /** Every theme's rollup. */
  List<ThemeTotal> themeTotals();

  /** The total of {@code scenario/theme/metric}, if any event of it was counted. */
  Optional<MetricTotal> metricTotal(String metricKey);

  /** The rollup of {@code scenario/theme}, if any figure of it was counted. */
  Optional<ThemeTotal> themeTotal(String themeKey);

  /** The daily totals of {@code scenario/theme/metric}, in no particular order. */
  List<MetricDailyTotal> dailyTotals(String metricKey);

  /** Every run's counts (the run rollup {@code tally-run-sums}), state not yet evaluated. */
  default List<RunStatus> runProgress() {
    return List.of();
  }
}
