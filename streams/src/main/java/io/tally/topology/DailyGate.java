package io.tally.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a counted event still reaches its local day's total: a day closes once stream
 * time reaches the day's end plus the grace period ({@code end + grace <= streamTime}); an event of
 * a closed day is late, goes to {@code tally.late-events} and counts in the running total only.
 *
 * <p>Stream time is the caller's: {@link TotalsProcessor} passes the latest event time its metric's
 * current run has counted, so a new run starts with its days open and whether an event is late
 * depends only on the events of its own figure and run, not on other figures sharing the task.
 */
final class DailyGate {
  private final Duration grace;

  DailyGate(Duration grace) {
    this.grace = grace;
  }

  boolean isOpen(LocalDays.Day day, Instant streamTime) {
    // Duration.between cannot overflow the way end.plus(grace) can for an absurd grace.
    return Duration.between(day.end(), streamTime).compareTo(grace) < 0;
  }
}
