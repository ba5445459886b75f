package io.tally.replay;

/**
 * Time compression, as a pure function: maps event times (in order) to wall-clock offsets from the
 * start of the replay. A gap between consecutive events is divided by the speed factor and, so that
 * quiet months before a campaign do not stall a demo, capped at {@code maxGapMillis} of wall time.
 * Offsets never decrease, and at speed {@code max} they are all zero.
 */
public final class Pacing {
  private final Speed speed;
  private final long maxGapMillis;
  private long previousEventTime = Long.MIN_VALUE;
  private double offset;

  public Pacing(Speed speed, long maxGapMillis) {
    if (maxGapMillis < 0) {
      throw new IllegalArgumentException("max gap must not be negative: " + maxGapMillis);
    }
    this.speed = speed;
    this.maxGapMillis = maxGapMillis;
  }

  /** The wall-clock offset (ms since the replay started) at which this event should be sent. */
  public long offsetOf(long eventTime) {
    if (speed.isMax()) {
      return 0;
    }
    if (previousEventTime != Long.MIN_VALUE && eventTime > previousEventTime) {
      offset += Math.min((eventTime - previousEventTime) / speed.factor(), (double) maxGapMillis);
    }
    previousEventTime = Math.max(previousEventTime, eventTime);
    return (long) offset;
  }

  /** The wall-clock duration of a whole replay of these (ordered) event times. */
  public static long durationOf(long[] eventTimes, Speed speed, long maxGapMillis) {
    Pacing pacing = new Pacing(speed, maxGapMillis);
    long last = 0;
    for (long t : eventTimes) {
      last = pacing.offsetOf(t);
    }
    return last;
  }
}
