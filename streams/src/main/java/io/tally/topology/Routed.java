package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricTotal;
import java.time.LocalDate;
import org.apache.kafka.streams.kstream.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What the validation and totals processors hand downstream. A processor in the DSL has one output
 * type; this sealed union lets each processor emit several kinds of record, which {@code split()}
 * then routes by type to their sinks.
 */
sealed interface Routed {

  /** A valid event and its original bytes (kept for a possible dead letter later). */
  record Accepted(FigureEvent event, byte @Nullable [] raw) implements Routed {}

  /** Original bytes bound for the dead-letter topic; the record headers say why. */
  record DeadLetter(byte @Nullable [] raw) implements Routed {}

  /**
   * A metric's new running total.
   *
   * @param counted whether an event was counted (else a duplicate changed only its duplicates)
   * @param before what the metric's total added to the rollups before this event, or null if this
   *     is the first total of the metric in this task
   */
  record Total(MetricTotal total, boolean counted, @Nullable Contribution before)
      implements Routed {}

  /**
   * A counted event bound for its local day's total.
   *
   * @param replacesRun whether the event is the first of a run that replaced another run of its
   *     metric (whose days are then dropped)
   * @param figureDone whether the figure has now counted every event its run declares (its days are
   *     then final)
   */
  record Counted(FigureEvent event, LocalDate day, boolean replacesRun, boolean figureDone)
      implements Routed {}

  /** A counted event whose local day had closed. */
  record Late(FigureEvent event) implements Routed {}

  static Predicate<String, Routed> is(Class<? extends Routed> type) {
    return (key, value) -> type.isInstance(value);
  }
}
