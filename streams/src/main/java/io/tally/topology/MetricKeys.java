package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.topics.Keys;
import java.time.LocalDate;

/** The record keys of Tally's topics, built in one place so producer and topology agree. */
final class MetricKeys {
  private MetricKeys() {}

  /** {@code scenario/theme/metric}: the key of figure events and metric totals. */
  static String metric(FigureEvent event) {
    return Keys.metric(event.getScenario(), event.getTheme(), event.getMetric());
  }

  /** {@code scenario/theme/metric/YYYY-MM-DD}: the key of daily totals. */
  static String daily(String metricKey, LocalDate day) {
    return Keys.daily(metricKey, day);
  }
}
