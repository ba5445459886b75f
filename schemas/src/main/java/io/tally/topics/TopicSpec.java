package io.tally.topics;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How one of Tally's topics is created when it is missing.
 *
 * @param partitions empty for the broker's default
 * @param replicationFactor empty for the broker's default
 * @param configs topic-level settings
 */
public record TopicSpec(
    String name,
    Optional<Integer> partitions,
    Optional<Short> replicationFactor,
    Map<String, String> configs) {

  /**
   * Records of Tally's output topics carry event times, which a what-if scenario may set in the
   * future; the broker's default refuses timestamps more than an hour ahead of its clock.
   */
  static final String ANY_TIME = String.valueOf(Long.MAX_VALUE);

  /**
   * A log that never expires: the event log (the source of truth, whose events carry event times
   * from the report's year that time-based retention would delete at once), dead letters and late
   * events (kept so nothing is lost silently).
   */
  public static TopicSpec log(String name, Optional<Integer> partitions, Optional<Short> rf) {
    return new TopicSpec(
        name,
        partitions,
        rf,
        Map.of(
            TopicConfig.RETENTION_MS_CONFIG,
            "-1",
            TopicConfig.RETENTION_BYTES_CONFIG,
            "-1",
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
            ANY_TIME));
  }

  /** A compacted topic holding the latest record per key (the totals). */
  public static TopicSpec compacted(String name, Optional<Integer> partitions, Optional<Short> rf) {
    return new TopicSpec(
        name,
        partitions,
        rf,
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
            ANY_TIME));
  }

  /**
   * The run log {@code tally.runs}: compacted (the latest record per key) and never deleted by
   * time, so a run's declaration outlives any retention.
   */
  public static TopicSpec runs(String name, Optional<Integer> partitions, Optional<Short> rf) {
    return new TopicSpec(
        name,
        partitions,
        rf,
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.RETENTION_MS_CONFIG,
            "-1",
            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
            ANY_TIME));
  }

  /** Every topic the streams application writes, besides its internal ones. */
  public static java.util.List<TopicSpec> outputs(
      Optional<Integer> partitions, Optional<Short> rf) {
    return java.util.List.of(
        compacted(Topics.METRIC_TOTALS, partitions, rf),
        compacted(Topics.THEME_TOTALS, partitions, rf),
        compacted(Topics.METRIC_TOTALS_DAILY, partitions, rf),
        compacted(Topics.RUN_STATUS, partitions, rf),
        log(Topics.LATE_EVENTS, partitions, rf),
        log(Topics.DEAD_LETTERS, partitions, rf));
  }
}
