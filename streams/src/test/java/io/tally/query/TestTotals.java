package io.tally.query;

import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import io.tally.avro.ThemeTotal;
import io.tally.topics.Keys;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Store values for tests, with the fields that matter as parameters. */
public final class TestTotals {
  public static final String RUN = "run-1";

  private TestTotals() {}

  /** A complete counter figure: value equals expected, every event counted. */
  public static MetricTotal metric(String scenario, String theme, String metric, long value) {
    return metric(scenario, theme, metric, metric.replace('_', '-'), value, value);
  }

  public static MetricTotal metric(
      String scenario, String theme, String metric, String figureId, long value, long expected) {
    return MetricTotal.newBuilder()
        .setScenario(scenario)
        .setTheme(theme)
        .setMetric(metric)
        .setFigureId(figureId)
        .setRunId(RUN)
        .setUnit("people")
        .setKind(FigureKind.COUNTER)
        .setQualifier(Qualifier.EXACT)
        .setScale(0)
        .setValue(value)
        .setExpectedValue(expected)
        .setEventsCounted(4)
        .setEventsInFigure(4)
        .setLastEventTime(Instant.parse("2022-11-11T15:59:59Z"))
        .setComplete(value == expected)
        .setLabel("label of " + figureId)
        .build();
  }

  public static ThemeTotal theme(String scenario, String theme, int figures) {
    return ThemeTotal.newBuilder()
        .setScenario(scenario)
        .setTheme(theme)
        .setRunId(RUN)
        .setFiguresSeen(figures)
        .setFiguresComplete(figures)
        .setEvents(4L * figures)
        .setEventsExpected(4L * figures)
        .setShareComplete(1.0)
        .build();
  }

  public static MetricDailyTotal day(MetricTotal total, LocalDate day, long value, String run) {
    return MetricDailyTotal.newBuilder()
        .setScenario(total.getScenario())
        .setTheme(total.getTheme())
        .setMetric(total.getMetric())
        .setRunId(run)
        .setDay(day)
        .setKind(total.getKind())
        .setScale(total.getScale())
        .setValue(value)
        .setEvents(2)
        .setLastEventTime(day.atStartOfDay().toInstant(ZoneOffset.UTC))
        .build();
  }

  public static String key(MetricTotal t) {
    return Keys.metric(t.getScenario(), t.getTheme(), t.getMetric());
  }
}
