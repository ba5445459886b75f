package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricTotal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a {@link TallyObserver} so that an exception it throws is logged, not propagated: an
 * exception escaping a processor would send the record to the processing exception handler, and a
 * metrics bug must never change what gets counted.
 */
public final class GuardedObserver implements TallyObserver {
  private static final Logger log = LoggerFactory.getLogger(GuardedObserver.class);

  private final TallyObserver delegate;

  private GuardedObserver(TallyObserver delegate) {
    this.delegate = delegate;
  }

  public static TallyObserver of(TallyObserver observer) {
    Objects.requireNonNull(observer, "observer");
    if (observer == TallyObserver.NOOP || observer instanceof GuardedObserver) {
      return observer;
    }
    return new GuardedObserver(observer);
  }

  @Override
  public void eventCounted(FigureEvent event, long latencyMs) {
    guard("eventCounted", () -> delegate.eventCounted(event, latencyMs));
  }

  @Override
  public void duplicate(FigureEvent event) {
    guard("duplicate", () -> delegate.duplicate(event));
  }

  @Override
  public void late(FigureEvent event) {
    guard("late", () -> delegate.late(event));
  }

  @Override
  public void deadLetter(String reason) {
    guard("deadLetter", () -> delegate.deadLetter(reason));
  }

  @Override
  public void superseded(String metricKey, String previousRunId, String newRunId) {
    guard("superseded", () -> delegate.superseded(metricKey, previousRunId, newRunId));
  }

  @Override
  public void totalPublished(int partition, String metricKey, @Nullable MetricTotal total) {
    guard("totalPublished", () -> delegate.totalPublished(partition, metricKey, total));
  }

  @Override
  public void runLogRecordIgnored(String reason) {
    guard("runLogRecordIgnored", () -> delegate.runLogRecordIgnored(reason));
  }

  private void guard(String callback, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("observer {} failed in {}; the event is processed anyway", delegate, callback, e);
    }
  }
}
