package io.tally.cli;

import io.tally.avro.FigureKind;
import io.tally.avro.Qualifier;
import io.tally.reconcile.ExpectedFigure;
import io.tally.scenario.Figure;
import io.tally.scenario.Kind;
import io.tally.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/** A scenario's figures as the expectations reconciliation checks the totals against. */
final class ExpectedFigures {
  private ExpectedFigures() {}

  static List<ExpectedFigure> of(List<Scenario> scenarios) {
    List<ExpectedFigure> out = new ArrayList<>();
    for (Scenario s : scenarios) {
      for (Figure f : s.figures()) {
        out.add(
            new ExpectedFigure(
                s.name(),
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
    }
    return out;
  }
}
