package io.tally.runs;

import io.tally.avro.MetricTotal;
import io.tally.topics.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * Metric totals with their metric keys, in the same order: {@code keys().get(i)} is the key of
 * {@code totals().get(i)}. Whoever holds the totals by key hands the keys on, so that a scrape does
 * not build each key again from the total's fields.
 */
public record KeyedTotals(List<String> keys, List<MetricTotal> totals) {
  public static final KeyedTotals NONE = new KeyedTotals(List.of(), List.of());

  public KeyedTotals {
    if (keys.size() != totals.size()) {
      throw new IllegalArgumentException(
          keys.size() + " keys for " + totals.size() + " totals: they go in pairs");
    }
  }

  /** The totals with their keys built from their scenario, theme and metric. */
  public static KeyedTotals of(List<MetricTotal> totals) {
    List<String> keys = new ArrayList<>(totals.size());
    for (MetricTotal t : totals) {
      keys.add(Keys.metric(t.getScenario(), t.getTheme(), t.getMetric()));
    }
    return new KeyedTotals(keys, totals);
  }
}
