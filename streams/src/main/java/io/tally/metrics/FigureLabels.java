package io.tally.metrics;

import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;

/**
 * The label values of a figure's series: the identifying ones (scenario, theme, metric, figure) on
 * every value series, the descriptive ones (the report's words for it, unit, kind, qualifier) once,
 * on {@code tally_figure_info}.
 */
record FigureLabels(
    String scenario,
    String theme,
    String metric,
    String figure,
    String label,
    String unit,
    FigureKind kind,
    Qualifier qualifier) {

  static FigureLabels of(MetricTotal t) {
    return new FigureLabels(
        t.getScenario(),
        t.getTheme(),
        t.getMetric(),
        t.getFigureId(),
        t.getLabel() == null ? "" : t.getLabel().toString(),
        t.getUnit(),
        t.getKind(),
        t.getQualifier());
  }
}
