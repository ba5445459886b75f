package io.tally.topics;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.kafka.common.utils.Utils;

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

  /**
   * The partition Kafka's default partitioner gives a record with this key (murmur2 of its UTF-8
   * bytes), as Kafka Streams and every Kafka client do.
   */
  public static int partition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
