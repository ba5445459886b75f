package io.tally.topics;

import java.time.LocalDate;

/**
 * The record keys of Tally's topics, built and read in one place so the replay, the streams
 * application and every consumer agree (the formats are in docs/topics.md).
 */
public final class Keys {
  private Keys() {}

  /** {@code scenario/theme/metric}: events, metric totals. */
  public static String metric(String scenario, String theme, String metric) {
    return scenario + "/" + theme + "/" + metric;
  }

  /** {@code scenario/theme}: theme totals. */
  public static String theme(String scenario, String theme) {
    return scenario + "/" + theme;
  }

  /** {@code scenario/theme/metric/YYYY-MM-DD}: daily totals. */
  public static String daily(String metricKey, LocalDate day) {
    return metricKey + "/" + day;
  }

  /** The prefix every daily key of a metric starts with. */
  public static String dailyPrefix(String metricKey) {
    return metricKey + "/";
  }
}
