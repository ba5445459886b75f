package io.tally.metrics;

import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;

/** The label values of a figure's series. */
record FigureLabels(
    String scenario,
    String theme,
    String metric,
    String figure,
    String unit,
    FigureKind kind,
    Qualifier qualifier) {

  static FigureLabels of(MetricTotal t) {
    return new FigureLabels(
        t.getScenario(),
        t.getTheme(),
        t.getMetric(),
        t.getFigureId(),
        t.getUnit(),
        t.getKind(),
        t.getQualifier());
  }
}
