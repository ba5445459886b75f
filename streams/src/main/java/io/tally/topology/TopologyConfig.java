package io.tally.topology;

import io.tally.topics.Topics;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The settings the topology itself depends on (as opposed to client settings, which live in {@link
 * io.tally.runtime.TallyStreamsConfig}).
 *
 * @param dailyGrace how long after a local day ends (in the stream time of the metric's run: the
 *     latest event time it has counted) the day still accepts events; later ones go to {@code
 *     tally.late-events}
 * @param maxEventTimeSkew how far outside its figure's period an event time may fall before the
 *     event is dead-lettered as {@code absurd-event-time}
 * @param fallbackZone the zone used for daily totals when an event names a zone that does not exist
 * @param topics the topic names
 */
public record TopologyConfig(
    Duration dailyGrace, Duration maxEventTimeSkew, ZoneId fallbackZone, TopicNames topics) {

  public static final Duration DEFAULT_DAILY_GRACE = Duration.ofDays(1);

  /**
   * How long a stream thread waits for the run log to declare an observation's figure before the
   * observation is dead-lettered: the replay flushes the declaration first, so this covers only the
   * global store trailing the event topic.
   */
  public static final Duration DECLARATION_WAIT = Duration.ofSeconds(5);

  public static final Duration DEFAULT_MAX_EVENT_TIME_SKEW = Duration.ofDays(1);

  public TopologyConfig {
    Objects.requireNonNull(dailyGrace, "dailyGrace");
    Objects.requireNonNull(maxEventTimeSkew, "maxEventTimeSkew");
    Objects.requireNonNull(fallbackZone, "fallbackZone");
    Objects.requireNonNull(topics, "topics");
    if (dailyGrace.isNegative() || maxEventTimeSkew.isNegative()) {
      throw new IllegalArgumentException(
          "durations must not be negative: dailyGrace="
              + dailyGrace
              + ", maxEventTimeSkew="
              + maxEventTimeSkew);
    }
  }

  /** One day of grace, one day of skew, UTC as the fallback zone, the topics of {@link Topics}. */
  public static TopologyConfig defaults() {
    return new TopologyConfig(
        DEFAULT_DAILY_GRACE, DEFAULT_MAX_EVENT_TIME_SKEW, ZoneOffset.UTC, TopicNames.defaults());
  }

  public TopologyConfig withDailyGrace(Duration grace) {
    return new TopologyConfig(grace, maxEventTimeSkew, fallbackZone, topics);
  }

  public TopologyConfig withTopics(TopicNames names) {
    return new TopologyConfig(dailyGrace, maxEventTimeSkew, fallbackZone, names);
  }

  /** The names of the topics the topology reads and writes. */
  public record TopicNames(
      String figureEvents,
      String metricTotals,
      String themeTotals,
      String metricTotalsDaily,
      String lateEvents,
      String deadLetters,
      String runs,
      String runStatus) {

    public TopicNames {
      Objects.requireNonNull(figureEvents, "figureEvents");
      Objects.requireNonNull(metricTotals, "metricTotals");
      Objects.requireNonNull(themeTotals, "themeTotals");
      Objects.requireNonNull(metricTotalsDaily, "metricTotalsDaily");
      Objects.requireNonNull(lateEvents, "lateEvents");
      Objects.requireNonNull(deadLetters, "deadLetters");
      Objects.requireNonNull(runs, "runs");
      Objects.requireNonNull(runStatus, "runStatus");
    }

    /** These names with another event topic, and its run log ({@link Topics#runsFor}). */
    public TopicNames withFigureEvents(String topic) {
      return new TopicNames(
          topic,
          metricTotals,
          themeTotals,
          metricTotalsDaily,
          lateEvents,
          deadLetters,
          Topics.runsFor(topic),
          runStatus);
    }

    /** The contract names of {@link Topics}. */
    public static TopicNames defaults() {
      return new TopicNames(
          Topics.FIGURE_EVENTS,
          Topics.METRIC_TOTALS,
          Topics.THEME_TOTALS,
          Topics.METRIC_TOTALS_DAILY,
          Topics.LATE_EVENTS,
          Topics.DEAD_LETTERS,
          Topics.RUNS,
          Topics.RUN_STATUS);
    }
  }
}
