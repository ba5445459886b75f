package io.tally.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import java.util.Locale;

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

  Labels labels() {
    return Labels.of(
        "scenario", scenario,
        "theme", theme,
        "metric", metric,
        "figure", figure,
        "unit", unit,
        "kind", kind.name().toLowerCase(Locale.ROOT),
        "qualifier", qualifier.name().toLowerCase(Locale.ROOT));
  }
}
