package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * How one counted event changes its metric's total for its local day: a pure function, tested
 * without Kafka. The rules are the running total's ({@link TotalsFold}), applied to one day:
 *
 * <ul>
 *   <li>a day of another run than the event's starts afresh;
 *   <li>a counter day sums its deltas exactly ({@link Math#addExact}; the running total of the same
 *       run, of which the day is a part, has already been checked for overflow);
 *   <li>a gauge day keeps its latest observation by event time, ties broken by the higher sequence,
 *       whatever the arrival order.
 * </ul>
 */
final class DailyFold {
  /** The value sequence of a counter day, which no ordering needs. */
  static final int NO_SEQUENCE = -1;

  private DailyFold() {}

  /**
   * A day's published total and, for a gauge, the sequence of the observation its value is (kept
   * apart: the published schema has no place for it and consumers no use).
   */
  record Day(MetricDailyTotal total, int valueSequence) {}

  /**
   * @param current the day before the event, or null if the metric has none yet
   */
  static Day apply(@Nullable Day current, FigureEvent e, LocalDate date) {
    boolean counter = e.getKind() == FigureKind.COUNTER;
    if (current == null || !current.total().getRunId().equals(e.getRunId())) {
      return new Day(first(e, date), counter ? NO_SEQUENCE : e.getSequence());
    }
    MetricDailyTotal total = current.total();
    MetricDailyTotal.Builder next =
        MetricDailyTotal.newBuilder(total).setEvents(total.getEvents() + 1);
    Instant time = e.getEventTime();
    if (counter) {
      next.setValue(Math.addExact(total.getValue(), e.getValue()));
      if (time.isAfter(total.getLastEventTime())) {
        next.setLastEventTime(time);
      }
      return new Day(next.build(), NO_SEQUENCE);
    }
    int byTime = time.compareTo(total.getLastEventTime());
    if (byTime > 0 || (byTime == 0 && e.getSequence() > current.valueSequence())) {
      return new Day(next.setValue(e.getValue()).setLastEventTime(time).build(), e.getSequence());
    }
    return new Day(next.build(), current.valueSequence());
  }

  private static MetricDailyTotal first(FigureEvent e, LocalDate date) {
    return MetricDailyTotal.newBuilder()
        .setScenario(e.getScenario())
        .setTheme(e.getTheme())
        .setMetric(e.getMetric())
        .setRunId(e.getRunId())
        .setDay(date)
        .setKind(e.getKind())
        .setScale(e.getScale())
        .setValue(e.getValue())
        .setEvents(1)
        .setLastEventTime(e.getEventTime())
        .build();
  }
}
