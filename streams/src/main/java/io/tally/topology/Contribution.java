package io.tally.topology;

import io.tally.avro.MetricTotal;
import java.time.Instant;

/**
 * What one metric's total adds to the rollups (its theme's and its run's): the few fields they
 * read, copied, since the metric's state is changed in place by the next event.
 */
record Contribution(
    String scenario,
    String theme,
    String runId,
    int eventsCounted,
    int eventsInFigure,
    boolean complete,
    Instant lastEventTime) {

  static Contribution of(MetricTotal total) {
    return new Contribution(
        total.getScenario(),
        total.getTheme(),
        total.getRunId(),
        total.getEventsCounted(),
        total.getEventsInFigure(),
        total.getComplete(),
        total.getLastEventTime());
  }

  /** The figure has counted every event its run declares. */
  boolean counted() {
    return eventsCounted >= eventsInFigure;
  }
}
