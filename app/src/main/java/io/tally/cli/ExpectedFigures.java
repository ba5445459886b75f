package io.tally.cli;

import io.tally.expand.Expander;
import io.tally.reconcile.ExpectedFigure;
import io.tally.scenario.Scenario;
import java.util.List;

/**
 * Scenarios' figures as the expectations reconciliation checks the totals against: each figure as a
 * replay declares it ({@link Expander#declare}), stated for any run ({@link
 * ExpectedFigure#stated}).
 */
final class ExpectedFigures {
  private ExpectedFigures() {}

  static List<ExpectedFigure> of(List<Scenario> scenarios) {
    return scenarios.stream()
        .flatMap(s -> Expander.declare(s).stream())
        .map(ExpectedFigure::stated)
        .toList();
  }
}
