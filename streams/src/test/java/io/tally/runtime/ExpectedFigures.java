package io.tally.runtime;

import io.tally.avro.FigureKind;
import io.tally.avro.Qualifier;
import io.tally.reconcile.ExpectedFigure;
import io.tally.scenario.Figure;
import io.tally.scenario.Kind;
import io.tally.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: a scenario's figures as the expectations reconciliation checks the totals against,
 * built as the CLI builds them ({@code app}'s {@code io.tally.cli.ExpectedFigures}, which this
 * module cannot depend on).
 */
final class ExpectedFigures {
  private ExpectedFigures() {}

  static List<ExpectedFigure> of(Scenario scenario) {
    List<ExpectedFigure> out = new ArrayList<>();
    for (Figure f : scenario.figures()) {
      out.add(
          new ExpectedFigure(
              scenario.name(),
              f.theme(),
              f.metric(),
              f.id(),
              f.label(),
              f.unit(),
              f.kind() == Kind.COUNTER ? FigureKind.COUNTER : FigureKind.GAUGE,
              Qualifier.valueOf(f.qualifier().name()),
              f.unscaledValue(),
              f.scale()));
    }
    return out;
  }
}
