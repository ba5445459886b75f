package io.tally.metrics;

import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import java.util.Objects;

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

  /**
   * Whether these are {@code t}'s labels: what {@code of(t).equals(this)} says, allocating none.
   */
  boolean describe(MetricTotal t) {
    return Objects.equals(figure, t.getFigureId())
        && Objects.equals(metric, t.getMetric())
        && Objects.equals(theme, t.getTheme())
        && Objects.equals(scenario, t.getScenario())
        && Objects.equals(unit, t.getUnit())
        && kind == t.getKind()
        && qualifier == t.getQualifier()
        && label.equals(t.getLabel() == null ? "" : t.getLabel());
  }

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
