package io.tally.topology;

import io.tally.avro.MetricTotal;
import io.tally.avro.RunState;
import io.tally.avro.RunStatus;
import java.time.Instant;

/**
 * The adder and subtractor of the run rollup ({@code tally-run-progress}): the metric totals of a
 * run, counted. Kafka Streams subtracts a metric's previous total and adds its new one, so the
 * counts are exact over the metrics whose totals belong to the run; a metric a newer run takes over
 * leaves it. The state and the declared counts are filled in downstream ({@link RunStates}).
 */
final class RunProgress {
  private RunProgress() {}

  static RunStatus empty() {
    return RunStatus.newBuilder()
        .setRunId("")
        .setScenario("")
        .setState(RunState.REPLAYING)
        .setFigures(0)
        .setFiguresStarted(0)
        .setFiguresCounted(0)
        .setExact(0)
        .setEvents(0)
        .setEventsCounted(0)
        .build();
  }

  static RunStatus add(String runId, MetricTotal metric, RunStatus run) {
    RunStatus.Builder next = change(run, metric, 1).setRunId(runId);
    Instant time = metric.getLastEventTime();
    if (run.getFirstEventTime() == null || time.isBefore(run.getFirstEventTime())) {
      next.setFirstEventTime(time);
    }
    if (run.getLastEventTime() == null || time.isAfter(run.getLastEventTime())) {
      next.setLastEventTime(time);
    }
    return next.build();
  }

  static RunStatus subtract(String runId, MetricTotal metric, RunStatus run) {
    return change(run, metric, -1).build();
  }

  private static RunStatus.Builder change(RunStatus run, MetricTotal metric, int sign) {
    boolean counted = metric.getEventsCounted() >= metric.getEventsInFigure();
    return RunStatus.newBuilder(run)
        .setScenario(metric.getScenario())
        .setFiguresStarted(run.getFiguresStarted() + (metric.getEventsCounted() > 0 ? sign : 0))
        .setFiguresCounted(run.getFiguresCounted() + (counted ? sign : 0))
        .setExact(run.getExact() + (metric.getComplete() ? sign : 0))
        .setEventsCounted(run.getEventsCounted() + sign * (long) metric.getEventsCounted());
  }
}
