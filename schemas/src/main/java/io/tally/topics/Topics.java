package io.tally.topics;

/** The names of the topics Tally reads and writes; the contract shared by every module. */
public final class Topics {
  /** The event log: every replayed figure event, the source of truth. Never expires. */
  public static final String FIGURE_EVENTS = "tally.figure-events";

  /**
   * The run log: each run's declaration (key {@code RUN}), its figures (key {@code
   * RUN/figure/INDEX}) and its completion (key {@code RUN/completion}). Compacted, never expires; a
   * run's records share one partition (chosen by the run id).
   */
  public static final String RUNS = "tally.runs";

  /**
   * The run log that goes with an event topic: {@link #RUNS} for {@link #FIGURE_EVENTS}, {@code
   * TOPIC.runs} for any other, so that replays into separate event topics (a test, a benchmark
   * round) keep separate run logs.
   */
  public static String runsFor(String eventTopic) {
    return FIGURE_EVENTS.equals(eventTopic) ? RUNS : eventTopic + ".runs";
  }

  /** Each run's latest state (DECLARED, REPLAYING, COMPLETE, SUPERSEDED), keyed by run id. */
  public static final String RUN_STATUS = "tally.run-status";

  /** Latest total per (scenario, theme, metric), compacted. */
  public static final String METRIC_TOTALS = "tally.metric-totals";

  /** Latest rollup per (scenario, theme), compacted. */
  public static final String THEME_TOTALS = "tally.theme-totals";

  /** Totals per metric and local day of event time. */
  public static final String METRIC_TOTALS_DAILY = "tally.metric-totals-daily";

  /** Events that arrived after their day's window closed; counted in the running totals only. */
  public static final String LATE_EVENTS = "tally.late-events";

  /** Records that could not be decoded or failed validation, with headers saying why. */
  public static final String DEAD_LETTERS = "tally.dead-letters";

  private Topics() {}
}
