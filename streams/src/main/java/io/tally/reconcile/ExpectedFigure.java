package io.tally.reconcile;

import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A figure as the scenario states it; the CLI builds the list from the scenario file.
 *
 * @param expectedValue the figure, unscaled: the value is {@code expectedValue / 10^scale}
 */
public record ExpectedFigure(
    String scenario,
    String theme,
    String metric,
    String figureId,
    String label,
    String unit,
    FigureKind kind,
    Qualifier qualifier,
    long expectedValue,
    int scale) {

  public ExpectedFigure {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(theme, "theme");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(figureId, "figureId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(qualifier, "qualifier");
  }

  /**
   * The figure as its own total states it (every total carries the stated value): for figures of a
   * scenario that nobody listed as expected.
   */
  public static ExpectedFigure statedBy(MetricTotal total) {
    return new ExpectedFigure(
        total.getScenario(),
        total.getTheme(),
        total.getMetric(),
        total.getFigureId(),
        total.getLabel(),
        total.getUnit(),
        total.getKind(),
        total.getQualifier(),
        total.getExpectedValue(),
        total.getScale());
  }

  /** The key of the figure's total: {@code scenario/theme/metric}. */
  public String metricKey() {
    return scenario + "/" + theme + "/" + metric;
  }

  public BigDecimal expected() {
    return BigDecimal.valueOf(expectedValue, scale);
  }
}
