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
import io.tally.avro.MetricTotal;
import io.tally.avro.RunState;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Supplier;

/**
 * Each figure's aggregated and expected value and completion, and each theme's rollup, as gauges
 * read from the totals this instance's <em>active</em> tasks hold at the moment of the scrape. A
 * figure that no longer lives here is simply absent from the next scrape, so no stale series are
 * left behind after a rebalance.
 *
 * <p>The theme series are collected by a Prometheus {@link MultiCollector} registered in the {@link
 * PrometheusMeterRegistry}'s own {@link PrometheusRegistry}, so they appear in the registry's
 * scrape. The figure series, four per figure, are written by {@link #figureSeries} ahead of the
 * registry's text ({@code MetricsRoute} does both): one Micrometer gauge per figure and series made
 * a 10,000-figure scrape take a second (registering and removing them as figures come and go), and
 * even the Prometheus client's writer took most of 100 ms for them; {@link FigureSeriesText} writes
 * them from label blocks rendered once per figure (see docs/performance.md).
 *
 * <p>Gauges (labels scenario, theme, metric, figure): {@code tally_figure_value}, {@code
 * tally_figure_expected_value}, {@code tally_figure_completion_ratio}, {@code
 * tally_figure_complete}. Per theme (labels scenario, theme): {@code tally_theme_figures_seen},
 * {@code tally_theme_figures_complete}, {@code tally_theme_events}, {@code
 * tally_theme_completion_ratio}. Per figure, once, with the descriptive labels (label, unit, kind,
 * qualifier): {@code tally_figure_info} = 1. Per run (labels scenario, run): {@code
 * tally_run_figures}, {@code tally_run_figures_exact}, {@code tally_run_complete}, {@code
 * tally_report_time_seconds} (the latest event time counted: where the replay is in the report's
 * calendar).
 */
public final class FigureMetrics implements MeterBinder, AutoCloseable {
  static final String INFO = "tally_figure_info";
  static final String VALUE = "tally_figure_value";
  static final String EXPECTED = "tally_figure_expected_value";
  static final String COMPLETION = "tally_figure_completion_ratio";
  static final String COMPLETE = "tally_figure_complete";
  static final String THEME_SEEN = "tally_theme_figures_seen";
  static final String THEME_COMPLETE = "tally_theme_figures_complete";
  static final String THEME_EVENTS = "tally_theme_events";
  static final String THEME_RATIO = "tally_theme_completion_ratio";
  static final String EXPECTED_UPPER = "tally_figure_expected_upper_value";
  static final String THEME_DECLARED = "tally_theme_figures_declared";
  static final String RUN_FIGURES = "tally_run_figures";
  static final String RUN_EXACT = "tally_run_figures_exact";
  static final String RUN_COMPLETE = "tally_run_complete";
  static final String REPORT_TIME = "tally_report_time_seconds";

  private final Supplier<List<MetricTotal>> metricTotals;
  private final Supplier<List<ThemeTotal>> themeTotals;
  private final Supplier<List<RunStatus>> runs;
  // Its own object, so that this binder's API stays Micrometer's.
  private final MultiCollector collector = this::collect;
  private PrometheusRegistry boundTo;
  private final FigureSeriesText figureText = new FigureSeriesText();

  public FigureMetrics(
      Supplier<List<MetricTotal>> metricTotals, Supplier<List<ThemeTotal>> themeTotals) {
    this(metricTotals, themeTotals, List::of);
  }

  /**
   * @param runs the runs this instance reports, their state evaluated
   */
  public FigureMetrics(
      Supplier<List<MetricTotal>> metricTotals,
      Supplier<List<ThemeTotal>> themeTotals,
      Supplier<List<RunStatus>> runs) {
    this.metricTotals = metricTotals;
    this.themeTotals = themeTotals;
    this.runs = runs;
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
  }

  /**
   * The per-figure families as exposition text, in pieces for {@code MetricsRoute} to put before
   * the registry's own text (see {@link FigureSeriesText#pieces}); none once closed or before being
   * bound.
   */
  public synchronized List<byte[]> figureSeries(boolean openMetrics) {
    if (boundTo == null) {
      return List.of();
    }
    return figureText.pieces(metricTotals.get(), openMetrics);
  }

  private synchronized MetricSnapshots collect() {
    GaugeSnapshot.Builder seen = gauge(THEME_SEEN, "Figures of the theme with events counted");
    GaugeSnapshot.Builder done = gauge(THEME_COMPLETE, "Figures of the theme complete");
    GaugeSnapshot.Builder events = gauge(THEME_EVENTS, "Events counted for the theme");
    GaugeSnapshot.Builder ratios =
        gauge(
            THEME_RATIO,
            "Share of the theme's declared figures complete (of those seen without a run declaration)");
    GaugeSnapshot.Builder declared =
        gauge(
            THEME_DECLARED, "Figures of the theme its run declares (0 without a run declaration)");
    for (ThemeTotal t : themeTotals.get()) {
      Labels labels = Labels.of("scenario", t.getScenario(), "theme", t.getTheme());
      seen.dataPoint(point(labels, t.getFiguresSeen()));
      done.dataPoint(point(labels, t.getFiguresComplete()));
      events.dataPoint(point(labels, (double) t.getEvents()));
      ratios.dataPoint(point(labels, t.getShareComplete()));
      declared.dataPoint(point(labels, t.getFiguresDeclared()));
    }
    GaugeSnapshot.Builder runFigures = gauge(RUN_FIGURES, "Figures the run declares");
    GaugeSnapshot.Builder runExact =
        gauge(RUN_EXACT, "Figures of the run reproduced exactly, every event counted");
    GaugeSnapshot.Builder runComplete =
        gauge(
            RUN_COMPLETE,
            "1 once the run is complete: its completion written and every event counted");
    GaugeSnapshot.Builder reportTime =
        gauge(
            REPORT_TIME,
            "The report's clock: the latest event time the run has counted, in seconds since the"
                + " epoch");
    for (RunStatus r : runs.get()) {
      Labels labels = Labels.of("run", r.getRunId(), "scenario", r.getScenario());
      if (r.getLastEventTime() != null) {
        reportTime.dataPoint(point(labels, r.getLastEventTime().toEpochMilli() / 1000.0));
      }
      runFigures.dataPoint(point(labels, r.getFigures()));
      runExact.dataPoint(point(labels, r.getExact()));
      runComplete.dataPoint(point(labels, r.getState() == RunState.COMPLETE ? 1 : 0));
    }
    return new MetricSnapshots(
        seen.build(),
        done.build(),
        events.build(),
        ratios.build(),
        declared.build(),
        runFigures.build(),
        runExact.build(),
        runComplete.build(),
        reportTime.build());
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
}
