package io.tally.expand;

import io.tally.scenario.Profile;
import java.util.EnumMap;
import java.util.Map;

/**
 * The density of events over a figure's period for each {@link Profile}, and its inverse cumulative
 * distribution, tabulated once. {@link StrictMath} keeps the numbers identical on every JVM, which
 * determinism of event times depends on.
 */
final class ProfileShape {
  private static final int BINS = 4096;
  private final double[] cdf = new double[BINS + 1];

  private ProfileShape(Profile profile) {
    double total = 0;
    for (int i = 0; i < BINS; i++) {
      total += density(profile, (i + 0.5) / BINS);
      cdf[i + 1] = total;
    }
    for (int i = 0; i <= BINS; i++) {
      cdf[i] /= total;
    }
  }

  private static final Map<Profile, ProfileShape> SHAPES = new EnumMap<>(Profile.class);

  static synchronized ProfileShape of(Profile profile) {
    return SHAPES.computeIfAbsent(profile, ProfileShape::new);
  }

  /** Relative density at position x in [0, 1] of the period. */
  static double density(Profile profile, double x) {
    return switch (profile) {
      case UNIFORM, STEP -> 1.0;
      case RAMP_UP -> 0.2 + 1.8 * x;
      // An opening burst as the presale opens, a quiet middle, and the final day's peak.
      case DOUBLE11_PEAK ->
          0.3 + 4.0 * StrictMath.exp(-x / 0.02) + 25.0 * StrictMath.exp(-(1.0 - x) / 0.03);
    };
  }

  /** The position in [0, 1] below which a share u of the events fall. */
  double inverse(double u) {
    int lo = 0;
    int hi = BINS;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] <= u) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double width = cdf[hi] - cdf[lo];
    double within = width <= 0 ? 0 : (u - cdf[lo]) / width;
    return Math.min(1.0, (lo + Math.max(0, Math.min(1, within))) / BINS);
  }
}
