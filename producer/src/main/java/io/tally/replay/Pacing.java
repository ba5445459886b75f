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

  /**
   * The speed factor at which a paced replay of these (ordered) event times lasts about {@code
   * target} of wall time, with quiet stretches capped at {@code maxGapMillis}; {@link Speed#MAX}
   * when no speed can: the gap cap alone makes the replay longer, or the events are too close
   * together to fill it.
   */
  public static Speed speedFor(long[] eventTimes, java.time.Duration target, long maxGapMillis) {
    long goal = target.toMillis();
    double lo = 1e-3;
    double hi = 1e15;
    if (durationOf(eventTimes, new Speed(hi), maxGapMillis) >= goal
        || durationOf(eventTimes, new Speed(lo), maxGapMillis) <= goal) {
      return Speed.MAX;
    }
    // Duration falls as the factor grows: bisect on a log scale.
    for (int i = 0; i < 100; i++) {
      double mid = Math.sqrt(lo * hi);
      if (durationOf(eventTimes, new Speed(mid), maxGapMillis) > goal) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return new Speed(hi < 1 ? hi : Math.rint(hi));
  }
}
