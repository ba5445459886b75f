package io.tally.topology;

import io.tally.avro.RunState;
import io.tally.avro.RunStatus;
import io.tally.serde.TallySerdes;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/**
 * The run rollup ({@code tally-run-sums}): the metric totals of a run, counted. Sums of counts, so
 * a metric's previous total is removed and its new one added (a metric a newer run takes over
 * leaves the older run), and each task's change adds up exactly across tasks. The first and last
 * event times only widen. The state and the declared counts are filled in downstream ({@link
 * RunStates}).
 */
final class RunProgress implements Rollup<RunStatus> {
  static final RunProgress INSTANCE = new RunProgress();

  private RunProgress() {}

  @Override
  public String key(Contribution c) {
    return c.runId();
  }

  @Override
  public RunStatus empty() {
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

  @Override
  public void add(RunStatus partial, Contribution c, int sign) {
    partial.setRunId(c.runId());
    partial.setScenario(c.scenario());
    partial.setFiguresStarted(partial.getFiguresStarted() + (c.eventsCounted() > 0 ? sign : 0));
    partial.setFiguresCounted(partial.getFiguresCounted() + (c.counted() ? sign : 0));
    partial.setExact(partial.getExact() + (c.complete() ? sign : 0));
    partial.setEventsCounted(partial.getEventsCounted() + sign * (long) c.eventsCounted());
    if (sign > 0) {
      partial.setFirstEventTime(earliest(partial.getFirstEventTime(), c.lastEventTime()));
      partial.setLastEventTime(latest(partial.getLastEventTime(), c.lastEventTime()));
    }
  }

  @Override
  public boolean isEmpty(RunStatus partial) {
    return partial.getFiguresStarted() == 0
        && partial.getFiguresCounted() == 0
        && partial.getExact() == 0
        && partial.getEventsCounted() == 0;
  }

  @Override
  public RunStatus copy(RunStatus partial) {
    return RunStatus.newBuilder(partial).build();
  }

  @Override
  public RunStatus change(RunStatus current, RunStatus published) {
    return RunStatus.newBuilder(current)
        .setFiguresStarted(current.getFiguresStarted() - published.getFiguresStarted())
        .setFiguresCounted(current.getFiguresCounted() - published.getFiguresCounted())
        .setExact(current.getExact() - published.getExact())
        .setEventsCounted(current.getEventsCounted() - published.getEventsCounted())
        .build();
  }

  @Override
  public RunStatus plus(String runId, RunStatus change, RunStatus total) {
    return RunStatus.newBuilder(total)
        .setRunId(runId)
        .setScenario(change.getScenario().isEmpty() ? total.getScenario() : change.getScenario())
        .setFiguresStarted(total.getFiguresStarted() + change.getFiguresStarted())
        .setFiguresCounted(total.getFiguresCounted() + change.getFiguresCounted())
        .setExact(total.getExact() + change.getExact())
        .setEventsCounted(total.getEventsCounted() + change.getEventsCounted())
        .setFirstEventTime(earliest(total.getFirstEventTime(), change.getFirstEventTime()))
        .setLastEventTime(latest(total.getLastEventTime(), change.getLastEventTime()))
        .build();
  }

  @Override
  public Serde<RunStatus> serde() {
    return TallySerdes.runStatus();
  }

  private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
