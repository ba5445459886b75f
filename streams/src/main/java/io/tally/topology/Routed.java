package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricTotal;
import org.apache.kafka.streams.kstream.Predicate;

/**
 * What the validation and totals processors hand downstream. A processor in the DSL has one output
 * type; this sealed union lets each processor emit several kinds of record, which {@code split()}
 * then routes by type to their sinks.
 */
sealed interface Routed {

  /** A valid event and its original bytes (kept for a possible dead letter later). */
  record Accepted(FigureEvent event, byte[] raw) implements Routed {}

  /** Original bytes bound for the dead-letter topic; the record headers say why. */
  record DeadLetter(byte[] raw) implements Routed {}

  /** A metric's new running total. */
  record Total(MetricTotal total) implements Routed {}

  /** A counted event bound for the daily windows; its record timestamp is local time. */
  record Counted(FigureEvent event) implements Routed {}

  /** A counted event whose day window had closed. */
  record Late(FigureEvent event) implements Routed {}

  static Predicate<String, Routed> is(Class<? extends Routed> type) {
    return (key, value) -> type.isInstance(value);
  }
}
