package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.topology.EventValidator.Rejection;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one valid event changes its metric's state: a pure function, tested without Kafka.
 *
 * <ul>
 *   <li><b>Runs.</b> An event of another run than the state's starts the metric afresh: the newest
 *       run to touch a figure replaces the previous run's totals.
 *   <li><b>Duplicates.</b> A sequence number already counted in the run changes nothing but the
 *       duplicate count, so a replay run again with the same run id changes no total.
 *   <li><b>Counters</b> add exact deltas ({@link Math#addExact}); a sum that would overflow rejects
 *       the event and leaves the total as it was.
 *   <li><b>Gauges</b> keep the latest observation by event time, ties broken by the higher
 *       sequence, whatever the arrival order.
 *   <li><b>Time.</b> For both kinds the total's {@code lastEventTime} is the latest event time the
 *       run has counted; it is the stream time in which the metric's days close ({@link
 *       DailyGate}).
 * </ul>
 */
final class TotalsFold {
  private TotalsFold() {}

  /** What an event did to its metric. */
  sealed interface Outcome {}

  /**
   * The event was counted.
   *
   * @param supersededRunId the run this event's run replaced, or null
   */
  record Counted(MetricState state, @Nullable String supersededRunId) implements Outcome {}

  /** The event was counted before; only the duplicate count changed. */
  record Duplicate(MetricState state) implements Outcome {}

  /** The event cannot be counted; the state is unchanged. */
  record Rejected(Rejection rejection) implements Outcome {}

  static Outcome apply(MetricState current, FigureEvent e) {
    boolean newRun = current == null || !current.total.getRunId().equals(e.getRunId());
    if (!newRun) {
      String inconsistency = inconsistency(current.total, e);
      if (inconsistency != null) {
        return new Rejected(new Rejection(DeadLetterReason.INCONSISTENT_FIGURE, inconsistency));
      }
    }
    MetricState state = newRun ? MetricState.start(e) : current;
    MetricTotal total = state.total;
    if (state.counted.contains(e.getSequence())) {
      total.setDuplicates(total.getDuplicates() + 1);
      return new Duplicate(state);
    }
    if (e.getKind() == FigureKind.COUNTER) {
      long sum;
      try {
        sum = Math.addExact(total.getValue(), e.getValue());
      } catch (ArithmeticException overflow) {
        return new Rejected(
            new Rejection(
                DeadLetterReason.OVERFLOW,
                "counter total " + total.getValue() + " + delta " + e.getValue() + " overflows"));
      }
      total.setValue(sum);
      total.setLastEventTime(latest(total.getLastEventTime(), e.getEventTime()));
    } else if (total.getEventsCounted() == 0 || isNewer(e, total, state.valueSequence)) {
      total.setValue(e.getValue());
      total.setLastEventTime(e.getEventTime());
      state.valueSequence = e.getSequence();
    }
    state.counted.add(e.getSequence());
    total.setEventsCounted(state.counted.size());
    total.setComplete(
        total.getEventsCounted() == total.getEventsInFigure()
            && total.getValue() == total.getExpectedValue());
    return new Counted(state, newRun && current != null ? current.total.getRunId() : null);
  }

  /** Within a run, every event of a metric must describe the same figure. */
  private static @Nullable String inconsistency(MetricTotal total, FigureEvent e) {
    if (!total.getFigureId().equals(e.getFigureId())
        || total.getKind() != e.getKind()
        || total.getScale() != e.getScale()
        || total.getEventsInFigure() != e.getEventsInFigure()) {
      return "run "
          + e.getRunId()
          + " counts figure "
          + describe(
              total.getFigureId(), total.getKind(), total.getScale(), total.getEventsInFigure())
          + " but the event is of "
          + describe(e.getFigureId(), e.getKind(), e.getScale(), e.getEventsInFigure());
    }
    return null;
  }

  private static String describe(String figureId, FigureKind kind, int scale, int events) {
    return figureId + " (" + kind + ", scale " + scale + ", " + events + " events)";
  }

  private static boolean isNewer(FigureEvent e, MetricTotal total, int valueSequence) {
    int byTime = e.getEventTime().compareTo(total.getLastEventTime());
    return byTime > 0 || (byTime == 0 && e.getSequence() > valueSequence);
  }

  private static Instant latest(Instant a, Instant b) {
    return Objects.requireNonNull(a).isAfter(b) ? a : b;
  }
}
