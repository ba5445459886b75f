package io.tally.runtime;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricTotal;
import io.tally.topology.GuardedObserver;
import io.tally.topology.TallyObserver;
import org.jspecify.annotations.Nullable;

/** Two observers told the same things, each guarded so that one failing does not skip the other. */
final class Observers implements TallyObserver {
  private final TallyObserver first;
  private final TallyObserver second;

  private Observers(TallyObserver first, TallyObserver second) {
    this.first = GuardedObserver.of(first);
    this.second = GuardedObserver.of(second);
  }

  static TallyObserver both(TallyObserver first, TallyObserver second) {
    return new Observers(first, second);
  }

  @Override
  public void eventCounted(FigureEvent event, long latencyMs) {
    first.eventCounted(event, latencyMs);
    second.eventCounted(event, latencyMs);
  }

  @Override
  public void duplicate(FigureEvent event) {
    first.duplicate(event);
    second.duplicate(event);
  }

  @Override
  public void late(FigureEvent event) {
    first.late(event);
    second.late(event);
  }

  @Override
  public void deadLetter(String reason) {
    first.deadLetter(reason);
    second.deadLetter(reason);
  }

  @Override
  public void superseded(String metricKey, String previousRunId, String newRunId) {
    first.superseded(metricKey, previousRunId, newRunId);
    second.superseded(metricKey, previousRunId, newRunId);
  }

  @Override
  public void totalPublished(int partition, String metricKey, @Nullable MetricTotal total) {
    first.totalPublished(partition, metricKey, total);
    second.totalPublished(partition, metricKey, total);
  }

  @Override
  public void runLogRecordIgnored(String reason) {
    first.runLogRecordIgnored(reason);
    second.runLogRecordIgnored(reason);
  }
}
