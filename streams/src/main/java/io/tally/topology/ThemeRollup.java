package io.tally.topology;

import io.tally.avro.MetricTotal;
import io.tally.avro.ThemeTotal;

/**
 * The adder and subtractor of the theme rollup ({@code tally-theme-totals}): Kafka Streams
 * subtracts a metric's previous total and adds its new one, so each sum here is exact over the
 * metrics of a theme.
 */
final class ThemeRollup {
  private ThemeRollup() {}

  static ThemeTotal empty() {
    return ThemeTotal.newBuilder()
        .setScenario("")
        .setTheme("")
        .setRunId("")
        .setFiguresSeen(0)
        .setFiguresComplete(0)
        .setEvents(0)
        .setEventsExpected(0)
        .setShareComplete(0)
        .build();
  }

  static ThemeTotal add(String themeKey, MetricTotal metric, ThemeTotal theme) {
    return change(theme, metric, 1).setRunId(metric.getRunId()).build();
  }

  static ThemeTotal subtract(String themeKey, MetricTotal metric, ThemeTotal theme) {
    return change(theme, metric, -1).build();
  }

  private static ThemeTotal.Builder change(ThemeTotal theme, MetricTotal metric, int sign) {
    int seen = theme.getFiguresSeen() + sign;
    int complete = theme.getFiguresComplete() + (metric.getComplete() ? sign : 0);
    return ThemeTotal.newBuilder(theme)
        .setScenario(metric.getScenario())
        .setTheme(metric.getTheme())
        .setFiguresSeen(seen)
        .setFiguresComplete(complete)
        .setEvents(theme.getEvents() + sign * (long) metric.getEventsCounted())
        .setEventsExpected(theme.getEventsExpected() + sign * (long) metric.getEventsInFigure())
        .setShareComplete(seen == 0 ? 0 : (double) complete / seen);
  }
}
