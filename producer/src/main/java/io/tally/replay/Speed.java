package io.tally.replay;

import java.util.Locale;

/**
 * How fast a replay runs: {@code max} sends as fast as the producer can, a factor paces the events
 * by event time divided by the factor (86400 plays a day of the report in a second).
 *
 * @param factor event-time milliseconds per wall-clock millisecond; infinite for {@code max}
 */
public record Speed(double factor) {
  public static final Speed MAX = new Speed(Double.POSITIVE_INFINITY);

  public Speed {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("speed must be positive or max, got " + factor);
    }
  }

  public boolean isMax() {
    return Double.isInfinite(factor);
  }

  /** Parses {@code max}, {@code 3600} or {@code 3600x}. */
  public static Speed parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("max")) {
      return MAX;
    }
    if (t.endsWith("x")) {
      t = t.substring(0, t.length() - 1);
    }
    double factor;
    try {
      factor = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "speed must be a positive factor like 3600 or 3600x, or max; got \"" + text + "\"");
    }
    if (!Double.isFinite(factor) || factor <= 0) {
      throw new IllegalArgumentException(
          "speed must be a positive factor like 3600 or 3600x, or max; got \"" + text + "\"");
    }
    return new Speed(factor);
  }

  @Override
  public String toString() {
    return isMax()
        ? "max"
        : (factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor))
            + "x";
  }
}
