package io.tally.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the report words a figure; the YAML spelling is lower case with underscores. */
public enum Qualifier {
  EXACT,
  MORE_THAN,
  AT_LEAST,
  NEARLY,
  ABOUT,
  ESTIMATE,
  RANGE;

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Qualifier> fromYaml(String text) {
    return Arrays.stream(values()).filter(q -> q.yamlName().equals(text)).findFirst();
  }
}
