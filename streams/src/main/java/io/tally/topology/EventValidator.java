package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.Qualifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The checks an event must pass before it may touch a total; a pure function, so every rule is
 * tested without Kafka. The first failing rule wins, in the order of {@link #check}.
 */
final class EventValidator {
  /**
   * Records carry their event time as timestamp (daily totals are published at it), and Kafka
   * timestamps cannot be before the epoch; a day later keeps every zone's local day after it too,
   * and no report is that old.
   */
  static final Instant EARLIEST_EVENT_TIME = Instant.ofEpochMilli(Duration.ofDays(1).toMillis());

  private final Duration maxSkew;

  EventValidator(Duration maxSkew) {
    this.maxSkew = maxSkew;
  }

  /** A failed rule: the reason and what exactly was wrong. */
  record Rejection(DeadLetterReason reason, String detail) {}

  Optional<Rejection> check(String key, FigureEvent e) {
    String missing = missingField(e);
    if (missing != null) {
      return reject(DeadLetterReason.MISSING_FIELD, missing + " is empty");
    }
    String oversized = EventLimits.oversizedField(e);
    if (oversized != null) {
      return reject(DeadLetterReason.OVERSIZED, oversized);
    }
    if (e.getKind() == null) {
      return reject(DeadLetterReason.UNKNOWN_KIND, "kind is missing");
    }
    if (e.getQualifier() == null || e.getQualifier() == Qualifier.UNKNOWN) {
      return reject(DeadLetterReason.UNKNOWN_QUALIFIER, "qualifier " + e.getQualifier());
    }
    String expectedKey = MetricKeys.metric(e);
    if (!Objects.equals(key, expectedKey)) {
      return reject(
          DeadLetterReason.KEY_MISMATCH,
          "key '" + key + "' but the event is '" + expectedKey + "'");
    }
    if (e.getSequence() < 0 || e.getSequence() >= e.getEventsInFigure()) {
      return reject(
          DeadLetterReason.BAD_SEQUENCE,
          "sequence " + e.getSequence() + " not in [0, " + e.getEventsInFigure() + ")");
    }
    if (e.getKind() == FigureKind.COUNTER && e.getValue() <= 0) {
      return reject(DeadLetterReason.NEGATIVE_DELTA, "counter delta " + e.getValue());
    }
    return checkEventTime(e);
  }

  private Optional<Rejection> checkEventTime(FigureEvent e) {
    Instant time = e.getEventTime();
    Instant from = e.getPeriodStart().minus(maxSkew);
    Instant to = e.getPeriodEnd().plus(maxSkew);
    if (time.isBefore(EARLIEST_EVENT_TIME)) {
      return reject(
          DeadLetterReason.ABSURD_EVENT_TIME,
          "event time " + time + " before " + EARLIEST_EVENT_TIME + ", the earliest Tally counts");
    }
    if (e.getPeriodEnd().isBefore(e.getPeriodStart()) || time.isBefore(from) || time.isAfter(to)) {
      return reject(
          DeadLetterReason.ABSURD_EVENT_TIME,
          "event time "
              + time
              + " outside period ["
              + e.getPeriodStart()
              + ", "
              + e.getPeriodEnd()
              + "] widened by "
              + maxSkew);
    }
    return Optional.empty();
  }

  private static @Nullable String missingField(FigureEvent e) {
    if (blank(e.getScenario())) {
      return "scenario";
    }
    if (blank(e.getTheme())) {
      return "theme";
    }
    if (blank(e.getMetric())) {
      return "metric";
    }
    if (blank(e.getEventId())) {
      return "eventId";
    }
    if (blank(e.getRunId())) {
      return "runId";
    }
    if (blank(e.getFigureId())) {
      return "figureId";
    }
    return null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Optional<Rejection> reject(DeadLetterReason reason, String detail) {
    return Optional.of(new Rejection(reason, detail));
  }
}
