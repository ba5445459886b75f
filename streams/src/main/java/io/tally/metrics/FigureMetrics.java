package io.tally.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import io.tally.avro.ThemeTotal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Each figure's aggregated and expected value and completion, and each theme's rollup, as gauges
 * read from the totals this instance's <em>active</em> tasks hold at the moment of the scrape. A
 * figure that no longer lives here is simply absent from the next scrape, so no stale series are
 * left behind after a rebalance.
 *
 * <p>These series are collected by a Prometheus {@link MultiCollector} registered in the {@link
 * PrometheusMeterRegistry}'s own {@link PrometheusRegistry}, so they appear in the same scrape as
 * the Micrometer meters. One Micrometer gauge per figure and series would have to be registered and
 * removed as figures come and go: with 10,000 figures that bookkeeping made a scrape take a second
 * (see docs/performance.md); a collector builds the snapshot straight from the totals.
 *
 * <p>Gauges (labels scenario, theme, metric, figure, unit, kind, qualifier): {@code
 * tally_figure_value}, {@code tally_figure_expected_value}, {@code tally_figure_completion_ratio},
 * {@code tally_figure_complete}. Per theme (labels scenario, theme): {@code
 * tally_theme_figures_seen}, {@code tally_theme_figures_complete}, {@code tally_theme_events},
 * {@code tally_theme_completion_ratio}.
 */
public final class FigureMetrics implements MeterBinder, AutoCloseable {
  static final String VALUE = "tally_figure_value";
  static final String EXPECTED = "tally_figure_expected_value";
  static final String COMPLETION = "tally_figure_completion_ratio";
  static final String COMPLETE = "tally_figure_complete";
  static final String THEME_SEEN = "tally_theme_figures_seen";
  static final String THEME_COMPLETE = "tally_theme_figures_complete";
  static final String THEME_EVENTS = "tally_theme_events";
  static final String THEME_RATIO = "tally_theme_completion_ratio";

  private static final Comparator<MetricTotal> BY_FIGURE =
      Comparator.comparing(MetricTotal::getFigureId);

  private final Supplier<List<MetricTotal>> metricTotals;
  private final Supplier<List<ThemeTotal>> themeTotals;
  // Its own object, so that this binder's API stays Micrometer's.
  private final MultiCollector collector = this::collect;
  private PrometheusRegistry boundTo;
  // The labels of each figure as last scraped: a figure's labels rarely change, and building them
  // (seven names sorted and checked) was the larger part of collecting.
  private Map<FigureLabels, Labels> labelCache = new HashMap<>();

  public FigureMetrics(
      Supplier<List<MetricTotal>> metricTotals, Supplier<List<ThemeTotal>> themeTotals) {
    this.metricTotals = metricTotals;
    this.themeTotals = themeTotals;
  }

  /**
   * Registers the collector with the Prometheus registry behind {@code registry}.
   *
   * @throws IllegalArgumentException if {@code registry} is not a {@link PrometheusMeterRegistry}
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
      throw new IllegalArgumentException(
          "figure metrics are published through Micrometer's Prometheus registry, not "
              + registry.getClass().getName());
    }
    if (boundTo != null) {
      throw new IllegalStateException("figure metrics are already bound to a registry");
    }
    boundTo = prometheus.getPrometheusRegistry();
    boundTo.register(collector);
  }

  /** Unregisters the collector: the next scrape has no figure or theme series. */
  @Override
  public synchronized void close() {
    if (boundTo != null) {
      boundTo.unregister(collector);
      boundTo = null;
    }
    labelCache = new HashMap<>();
  }

  private synchronized MetricSnapshots collect() {
    GaugeSnapshot.Builder value = gauge(VALUE, "The figure's value as aggregated from its events");
    GaugeSnapshot.Builder expected = gauge(EXPECTED, "The figure as the report states it");
    GaugeSnapshot.Builder completion = gauge(COMPLETION, "Share of the figure's events counted");
    GaugeSnapshot.Builder complete =
        gauge(COMPLETE, "1 when every event is counted and the value is exact");
    Map<FigureLabels, Labels> labelsNow = new HashMap<>();
    // Each snapshot sorts its points by labels, the first of which (alphabetically) is "figure":
    // sorted once here, the four sorts find them in order.
    List<MetricTotal> totals = new ArrayList<>(metricTotals.get());
    totals.sort(BY_FIGURE);
    for (MetricTotal t : totals) {
      FigureLabels key = FigureLabels.of(t);
      Labels labels = labelCache.get(key);
      if (labels == null) {
        labels = key.labels();
      }
      labelsNow.put(key, labels);
      value.dataPoint(point(labels, scaled(t.getValue(), t.getScale())));
      expected.dataPoint(point(labels, scaled(t.getExpectedValue(), t.getScale())));
      double ratio =
          t.getEventsInFigure() == 0 ? 0 : (double) t.getEventsCounted() / t.getEventsInFigure();
      completion.dataPoint(point(labels, ratio));
      complete.dataPoint(point(labels, t.getComplete() ? 1 : 0));
    }
    labelCache = labelsNow;

    GaugeSnapshot.Builder seen = gauge(THEME_SEEN, "Figures of the theme with events counted");
    GaugeSnapshot.Builder done = gauge(THEME_COMPLETE, "Figures of the theme complete");
    GaugeSnapshot.Builder events = gauge(THEME_EVENTS, "Events counted for the theme");
    GaugeSnapshot.Builder ratios = gauge(THEME_RATIO, "Share of the theme's seen figures complete");
    for (ThemeTotal t : themeTotals.get()) {
      Labels labels = Labels.of("scenario", t.getScenario(), "theme", t.getTheme());
      seen.dataPoint(point(labels, t.getFiguresSeen()));
      done.dataPoint(point(labels, t.getFiguresComplete()));
      events.dataPoint(point(labels, t.getEvents()));
      ratios.dataPoint(point(labels, t.getShareComplete()));
    }
    return new MetricSnapshots(
        value.build(),
        expected.build(),
        completion.build(),
        complete.build(),
        seen.build(),
        done.build(),
        events.build(),
        ratios.build());
  }

  private static GaugeSnapshot.Builder gauge(String name, String help) {
    return GaugeSnapshot.builder().name(name).help(help);
  }

  private static GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  static double scaled(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale).doubleValue();
  }

  /** The label values of a figure's series. */
  private record FigureLabels(
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
}
