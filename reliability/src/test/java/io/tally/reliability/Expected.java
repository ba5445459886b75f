package io.tally.reliability;

import io.tally.avro.FigureEvent;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.replay.Pacing;
import io.tally.replay.Speed;
import io.tally.scenario.Figure;
import io.tally.scenario.Kind;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioException;
import io.tally.scenario.ScenarioLoader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a replay of the bundled scenario must produce, computed independently of the streams app:
 * each figure's metric key, stated value (unscaled), kind and number of events in the run, from
 * {@link ScenarioLoader} and {@link Expander} with the replay's options.
 */
final class Expected {
  static final String SCENARIO = "double11-2022";

  /** One figure of the run. */
  record FigureRun(
      String key, String figureId, String theme, boolean counter, long value, int events) {}

  private final Scenario scenario;
  private final Expander expander;
  private final int eventsPerFigure;
  private final Map<String, FigureRun> figures = new LinkedHashMap<>();
  private final Set<String> eventIds;

  Expected(int eventsPerFigure) {
    try {
      this.scenario = ScenarioLoader.load(SCENARIO);
    } catch (ScenarioException e) {
      throw new IllegalStateException("the bundled scenario does not load", e);
    }
    this.eventsPerFigure = eventsPerFigure;
    this.expander =
        new Expander(
            scenario, new ExpansionOptions(ExpansionOptions.DEFAULT_SEED, eventsPerFigure, null));
    this.eventIds =
        expander.eventList().stream()
            .map(FigureEvent::getEventId)
            .collect(Collectors.toUnmodifiableSet());
    for (Figure f : scenario.figures()) {
      figures.put(
          f.metricKey(scenario.name()),
          new FigureRun(
              f.metricKey(scenario.name()),
              f.id(),
              f.theme(),
              f.kind() == Kind.COUNTER,
              f.unscaledValue(),
              expander.eventCount(f.id())));
    }
  }

  int eventsPerFigure() {
    return eventsPerFigure;
  }

  String runId() {
    return expander.runId();
  }

  Map<String, FigureRun> figures() {
    return figures;
  }

  long eventCount() {
    return expander.eventCount();
  }

  /** Every event id of the run. */
  Set<String> eventIds() {
    return eventIds;
  }

  /** The figures of each theme. */
  Map<String, List<FigureRun>> byTheme() {
    return figures.values().stream()
        .collect(Collectors.groupingBy(FigureRun::theme, LinkedHashMap::new, Collectors.toList()));
  }

  /**
   * The {@code --speed} at which a replay with {@code maxGap} lasts about {@code target}, as the
   * replay's own pacing computes it.
   */
  String speedFor(Duration target, Duration maxGap) {
    long[] times =
        expander.eventList().stream().mapToLong(e -> e.getEventTime().toEpochMilli()).toArray();
    Speed speed = Pacing.speedFor(times, target, maxGap.toMillis());
    if (speed.isMax()) {
      throw new IllegalStateException(
          "no speed paces " + eventCount() + " events over " + target + " with gaps " + maxGap);
    }
    return Long.toString(Math.round(speed.factor()));
  }
}
