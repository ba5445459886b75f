package io.tally.runtime;

import io.tally.expand.Expander;
import io.tally.reconcile.ExpectedFigure;
import io.tally.scenario.Scenario;
import java.util.List;

/** Test fixture: a scenario's figures as {@code tally streams --expect} lists them. */
final class ExpectedFigures {
  private ExpectedFigures() {}

  static List<ExpectedFigure> of(Scenario scenario) {
    return Expander.declare(scenario).stream().map(ExpectedFigure::stated).toList();
  }
}
