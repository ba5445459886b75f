package io.tally.expand;

import org.jspecify.annotations.Nullable;

/**
 * How a scenario's figures become events.
 *
 * @param seed makes the placement of events and the split of values reproducible
 * @param eventsPerFigure events per counter figure (fewer when the figure is smaller) and
 *     observations per gauge figure; a {@code step} figure always has one
 * @param runId the run's id, or null to derive it from scenario, seed and events per figure
 */
public record ExpansionOptions(long seed, int eventsPerFigure, @Nullable String runId) {
  public static final long DEFAULT_SEED = 1;
  public static final int DEFAULT_EVENTS_PER_FIGURE = 24;
  public static final int MAX_EVENTS_PER_FIGURE = 1_000_000;

  public ExpansionOptions {
    if (eventsPerFigure < 1 || eventsPerFigure > MAX_EVENTS_PER_FIGURE) {
      throw new IllegalArgumentException(
          "events per figure must be between 1 and "
              + MAX_EVENTS_PER_FIGURE
              + ", got "
              + eventsPerFigure);
    }
  }

  public static ExpansionOptions defaults() {
    return new ExpansionOptions(DEFAULT_SEED, DEFAULT_EVENTS_PER_FIGURE, null);
  }
}
