package io.tally.http;

import io.tally.query.TotalsQueries;
import io.tally.reconcile.ExpectedFigure;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds a figure by its id (unique within a scenario): among the expected figures first (no query
 * needed), else among every total of the application.
 */
final class FigureResolver {
  private final Supplier<List<ExpectedFigure>> expected;
  private final TotalsQueries totals;

  FigureResolver(Supplier<List<ExpectedFigure>> expected, TotalsQueries totals) {
    this.expected = expected;
    this.totals = totals;
  }

  /**
   * @throws ApiError 404 if no scenario (or not {@code scenario}) has the figure; 400 if several
   *     scenarios have it and none is named
   */
  ExpectedFigure resolve(String figureId, Optional<String> scenario) {
    List<ExpectedFigure> matches =
        expected.get().stream()
            .filter(f -> f.figureId().equals(figureId))
            .filter(f -> TotalsRoute.matches(scenario, f.scenario()))
            .toList();
    if (matches.isEmpty()) {
      matches =
          totals.metricTotals().stream()
              .filter(t -> t.getFigureId().equals(figureId))
              .filter(t -> TotalsRoute.matches(scenario, t.getScenario()))
              .map(ExpectedFigure::statedBy)
              .toList();
    }
    if (matches.isEmpty()) {
      throw ApiError.notFound(
          "no figure " + figureId + scenario.map(s -> " in scenario " + s).orElse(""));
    }
    if (matches.size() > 1) {
      throw ApiError.badRequest(
          "figure "
              + figureId
              + " exists in scenarios "
              + String.join(", ", matches.stream().map(ExpectedFigure::scenario).toList())
              + "; name one with ?scenario=");
    }
    return matches.get(0);
  }
}
