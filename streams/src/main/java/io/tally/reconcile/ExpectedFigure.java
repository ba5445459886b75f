package io.tally.reconcile;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import io.tally.topics.Keys;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A figure as the report states it: declared by its run in the run log, or (for a log without run
 * declarations) listed by the CLI from a scenario file.
 *
 * @param expectedValue the figure, unscaled: the value is {@code expectedValue / 10^scale}; for a
 *     range, its lower bound
 * @param expectedUpper the upper bound of a range, unscaled, or null
 * @param sentence the sentence of the report that states it ("" if unknown)
 * @param runId the run that declares it, or null if no run does: then any run's total counts
 * @param events the events its run declares for it (0 if unknown)
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
    int scale,
    Long expectedUpper,
    String sentence,
    String runId,
    int events) {

  /** A figure no run declares, without range or sentence. */
  public ExpectedFigure(
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
    this(
        scenario,
        theme,
        metric,
        figureId,
        label,
        unit,
        kind,
        qualifier,
        expectedValue,
        scale,
        null,
        "",
        null,
        0);
  }

  /**
   * A figure as a scenario file states it (its declaration with the default options), whatever run
   * counts it: what {@code tally streams --expect} lists for a log without run declarations.
   */
  public static ExpectedFigure stated(FigureDeclaration f) {
    return new ExpectedFigure(
        f.getScenario(),
        f.getTheme(),
        f.getMetric(),
        f.getFigureId(),
        f.getLabel(),
        f.getUnit(),
        f.getKind(),
        f.getQualifier(),
        f.getExpectedValue(),
        f.getScale(),
        f.getExpectedUpper(),
        f.getSentence(),
        null,
        0);
  }

  /** A figure as its run declares it in the run log. */
  public static ExpectedFigure declared(FigureDeclaration f) {
    return new ExpectedFigure(
        f.getScenario(),
        f.getTheme(),
        f.getMetric(),
        f.getFigureId(),
        f.getLabel(),
        f.getUnit(),
        f.getKind(),
        f.getQualifier(),
        f.getExpectedValue(),
        f.getScale(),
        f.getExpectedUpper(),
        f.getSentence(),
        f.getRunId(),
        f.getEvents());
  }

  public ExpectedFigure {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(theme, "theme");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(figureId, "figureId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(qualifier, "qualifier");
    sentence = sentence == null ? "" : sentence;
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
        total.getScale(),
        total.getExpectedUpper(),
        total.getSentence(),
        null,
        total.getEventsInFigure());
  }

  /** The key of the figure's total: {@code scenario/theme/metric}. */
  public String metricKey() {
    return Keys.metric(scenario, theme, metric);
  }

  public BigDecimal expected() {
    return BigDecimal.valueOf(expectedValue, scale);
  }

  /** The upper bound of a range figure. */
  public Optional<BigDecimal> upper() {
    return Optional.ofNullable(expectedUpper).map(u -> BigDecimal.valueOf(u, scale));
  }

  /** The figure as the report states it: {@code 3} or, for a range, {@code 3-4}. */
  public String stated() {
    return expected().toPlainString() + upper().map(u -> "-" + u.toPlainString()).orElse("");
  }
}
