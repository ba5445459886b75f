package io.tally.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where in its period a figure's events fall. The YAML spelling is lower case with dashes. */
public enum Profile {
  /** Evenly spread over the period. */
  UNIFORM,
  /** Density grows linearly toward the end of the period. */
  RAMP_UP,
  /** An opening burst, a quiet middle and the biggest peak in the final day. */
  DOUBLE11_PEAK,
  /** The whole figure at once, as one event at the start of the period. */
  STEP;

  /** The spelling used in scenario files. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Profile> fromYaml(String text) {
    return Arrays.stream(values()).filter(p -> p.yamlName().equals(text)).findFirst();
  }
}
