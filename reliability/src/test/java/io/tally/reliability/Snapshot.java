package io.tally.reliability;

import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.Observation;
import io.tally.avro.ThemeTotal;
import io.tally.reliability.Records.Keyed;
import io.tally.serde.TallySerdes;
import io.tally.topics.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a {@code read_committed} consumer sees on Tally's topics at one moment: the event log (the
 * input) and every output topic, each in offset order.
 */
record Snapshot(
    List<Keyed<Observation>> events,
    List<Keyed<MetricTotal>> metricTotals,
    List<Keyed<ThemeTotal>> themeTotals,
    List<Keyed<MetricDailyTotal>> dailyTotals,
    int deadLetters,
    int lateEvents) {

  static Snapshot read(String bootstrap) {
    Map<String, List<ConsumerRecord<String, byte[]>>> all =
        Records.readAll(
            bootstrap,
            List.of(
                Topics.FIGURE_EVENTS,
                Topics.METRIC_TOTALS,
                Topics.THEME_TOTALS,
                Topics.METRIC_TOTALS_DAILY,
                Topics.DEAD_LETTERS,
                Topics.LATE_EVENTS));
    return new Snapshot(
        Records.decode(all.get(Topics.FIGURE_EVENTS), TallySerdes.observation().deserializer()),
        Records.decode(all.get(Topics.METRIC_TOTALS), TallySerdes.metricTotal().deserializer()),
        Records.decode(all.get(Topics.THEME_TOTALS), TallySerdes.themeTotal().deserializer()),
        Records.decode(
            all.get(Topics.METRIC_TOTALS_DAILY), TallySerdes.metricDailyTotal().deserializer()),
        all.get(Topics.DEAD_LETTERS).size(),
        all.get(Topics.LATE_EVENTS).size());
  }

  /** The latest metric total per key, as a compacted topic's reader ends up with it. */
  Map<String, MetricTotal> latestMetricTotals() {
    return latest(metricTotals);
  }

  Map<String, ThemeTotal> latestThemeTotals() {
    return latest(themeTotals);
  }

  Map<String, MetricDailyTotal> latestDailyTotals() {
    return latest(dailyTotals);
  }

  private static <V> Map<String, V> latest(List<Keyed<V>> records) {
    Map<String, V> latest = new LinkedHashMap<>();
    for (Keyed<V> r : records) {
      if (r.value() == null) {
        latest.remove(r.key()); // a tombstone
      } else {
        latest.put(r.key(), r.value());
      }
    }
    return latest;
  }
}
