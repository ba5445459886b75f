package io.tally.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tally.avro.FigureEvent;
import io.tally.topology.DeadLetterReason;
import io.tally.topology.TallyObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts what the topology reports: events counted per scenario and theme, duplicates, late events,
 * dead letters by reason, superseded runs, and the end-to-end latency from the producer's stamp to
 * the total being updated. Registered meters are removed again on {@link #close()}.
 *
 * <p>Meters: {@code tally_events_counted_total}, {@code tally_events_duplicate_total}, {@code
 * tally_events_late_total}, {@code tally_dead_letters_total{reason}}, {@code
 * tally_runs_superseded_total}, {@code tally_end_to_end_latency_seconds} (histogram).
 */
public final class EventMetrics implements TallyObserver, MeterBinder, AutoCloseable {
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
  };

  private static final String DUPLICATE = "tally.events.duplicate";
  private static final String DUPLICATE_HELP = "Events seen again in the same run and ignored";
  private static final String LATE = "tally.events.late";
  private static final String LATE_HELP =
      "Events that arrived after their day's window closed (sent to tally.late-events)";

  private final Set<Meter> meters = ConcurrentHashMap.newKeySet();
  private final Set<String> scenarios = ConcurrentHashMap.newKeySet();
  // The counted-events counter of each scenario and theme, built once: registering (or looking up)
  // a meter on every event cost the stream thread more than counting it.
  private final Map<String, Map<String, Counter>> counted = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private volatile Timer latency;
  private volatile Counter superseded;

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    latency =
        keep(
            Timer.builder("tally.end.to.end.latency")
                .description("Time from the producer stamping an event to its total being updated")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
    superseded =
        keep(
            Counter.builder("tally.runs.superseded")
                .description("Figures whose totals were reset because a new run started")
                .register(registry));
    // Every reason exists from the start at 0, so rates and alerts work before the first one.
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLetterCounter(reason.code());
    }
  }

  @Override
  public void eventCounted(FigureEvent event, long latencyMs) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    counted
        .computeIfAbsent(event.getScenario(), s -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            event.getTheme(),
            theme ->
                keep(
                    Counter.builder("tally.events.counted")
                        .description("Events counted into the running totals")
                        .tags("scenario", event.getScenario(), "theme", theme)
                        .register(r)))
        .increment();
    if (latencyMs >= 0) {
      latency.record(latencyMs, TimeUnit.MILLISECONDS);
    }
    if (scenarios.add(event.getScenario())) {
      // Duplicates and late events of a scenario exist at 0 from its first event on, so that
      // rates, alerts and dashboards have a series before the first one happens.
      scenarioCounter(r, DUPLICATE, DUPLICATE_HELP, event.getScenario());
      scenarioCounter(r, LATE, LATE_HELP, event.getScenario());
    }
  }

  @Override
  public void duplicate(FigureEvent event) {
    incrementScenario(DUPLICATE, DUPLICATE_HELP, event);
  }

  @Override
  public void late(FigureEvent event) {
    incrementScenario(LATE, LATE_HELP, event);
  }

  @Override
  public void deadLetter(String reason) {
    Counter counter = deadLetterCounter(reason);
    if (counter != null) {
      counter.increment();
    }
  }

  @Override
  public void superseded(String metricKey, String previousRunId, String newRunId) {
    Counter counter = superseded;
    if (counter != null) {
      counter.increment();
    }
  }

  /** A record of the run log skipped: {@code tally_run_log_records_ignored_total{reason}}. */
  @Override
  public void runLogRecordIgnored(String reason) {
    MeterRegistry r = registry;
    if (r != null) {
      keep(Counter.builder("tally.run.log.records.ignored")
              .description("Records of tally.runs that could not be read and were skipped")
              .tag("reason", reason)
              .register(r))
          .increment();
    }
  }

  private Counter deadLetterCounter(String reason) {
    MeterRegistry r = registry;
    if (r == null) {
      return null;
    }
    return keep(
        Counter.builder("tally.dead.letters")
            .description("Records sent to tally.dead-letters, by reason")
            .tag("reason", reason)
            .register(r));
  }

  private void incrementScenario(String name, String description, FigureEvent event) {
    MeterRegistry r = registry;
    if (r != null) {
      scenarioCounter(r, name, description, event.getScenario()).increment();
    }
  }

  private Counter scenarioCounter(
      MeterRegistry r, String name, String description, String scenario) {
    return keep(
        Counter.builder(name).description(description).tag("scenario", scenario).register(r));
  }

  private <M extends Meter> M keep(M meter) {
    meters.add(meter);
    return meter;
  }

  @Override
  public void close() {
    MeterRegistry r = registry;
    // Callbacks from stream threads still running after close must not register meters again.
    registry = null;
    if (r != null) {
      List.copyOf(meters).forEach(r::remove);
    }
    meters.clear();
    counted.clear();
  }
}
