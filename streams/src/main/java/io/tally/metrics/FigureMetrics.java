package io.tally.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tally.avro.MetricTotal;
import io.tally.avro.ThemeTotal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Each figure's aggregated and expected value and completion, and each theme's rollup, as gauges
 * read from the totals this instance's <em>active</em> tasks hold. {@link #refresh()} re-reads them
 * (the HTTP endpoint calls it before every scrape); a figure that no longer lives here disappears
 * from the next scrape, so no stale series are left behind after a rebalance.
 *
 * <p>Gauges (labels scenario, theme, metric, figure, unit, kind, qualifier): {@code
 * tally_figure_value}, {@code tally_figure_expected_value}, {@code tally_figure_completion_ratio},
 * {@code tally_figure_complete}. Per theme (labels scenario, theme): {@code
 * tally_theme_figures_seen}, {@code tally_theme_figures_complete}, {@code tally_theme_events},
 * {@code tally_theme_completion_ratio}.
 */
public final class FigureMetrics implements MeterBinder, AutoCloseable {
  private final Supplier<List<MetricTotal>> metricTotals;
  private final Supplier<List<ThemeTotal>> themeTotals;
  private MultiGauge value;
  private MultiGauge expected;
  private MultiGauge completion;
  private MultiGauge complete;
  private MultiGauge themeSeen;
  private MultiGauge themeComplete;
  private MultiGauge themeEvents;
  private MultiGauge themeRatio;

  public FigureMetrics(
      Supplier<List<MetricTotal>> metricTotals, Supplier<List<ThemeTotal>> themeTotals) {
    this.metricTotals = metricTotals;
    this.themeTotals = themeTotals;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    value =
        gauge(registry, "tally.figure.value", "The figure's value as aggregated from its events");
    expected = gauge(registry, "tally.figure.expected.value", "The figure as the report states it");
    completion =
        gauge(registry, "tally.figure.completion.ratio", "Share of the figure's events counted");
    complete =
        gauge(
            registry,
            "tally.figure.complete",
            "1 when every event is counted and the value is exact");
    themeSeen =
        gauge(registry, "tally.theme.figures.seen", "Figures of the theme with events counted");
    themeComplete =
        gauge(registry, "tally.theme.figures.complete", "Figures of the theme complete");
    themeEvents = gauge(registry, "tally.theme.events", "Events counted for the theme");
    themeRatio =
        gauge(
            registry, "tally.theme.completion.ratio", "Share of the theme's seen figures complete");
    refresh();
  }

  private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  /** Re-reads the active totals; series of figures no longer held here are removed. */
  public synchronized void refresh() {
    if (value == null) {
      return;
    }
    List<Row<?>> values = new ArrayList<>();
    List<Row<?>> expectations = new ArrayList<>();
    List<Row<?>> completions = new ArrayList<>();
    List<Row<?>> completes = new ArrayList<>();
    for (MetricTotal t : metricTotals.get()) {
      Tags tags =
          Tags.of(
              "scenario", t.getScenario(),
              "theme", t.getTheme(),
              "metric", t.getMetric(),
              "figure", t.getFigureId(),
              "unit", t.getUnit(),
              "kind", t.getKind().name().toLowerCase(Locale.ROOT),
              "qualifier", t.getQualifier().name().toLowerCase(Locale.ROOT));
      values.add(Row.of(tags, scaled(t.getValue(), t.getScale())));
      expectations.add(Row.of(tags, scaled(t.getExpectedValue(), t.getScale())));
      double ratio =
          t.getEventsInFigure() == 0 ? 0 : (double) t.getEventsCounted() / t.getEventsInFigure();
      completions.add(Row.of(tags, ratio));
      completes.add(Row.of(tags, t.getComplete() ? 1 : 0));
    }
    value.register(values, true);
    expected.register(expectations, true);
    completion.register(completions, true);
    complete.register(completes, true);

    List<Row<?>> seen = new ArrayList<>();
    List<Row<?>> done = new ArrayList<>();
    List<Row<?>> events = new ArrayList<>();
    List<Row<?>> ratios = new ArrayList<>();
    for (ThemeTotal t : themeTotals.get()) {
      Tags tags = Tags.of("scenario", t.getScenario(), "theme", t.getTheme());
      seen.add(Row.of(tags, t.getFiguresSeen()));
      done.add(Row.of(tags, t.getFiguresComplete()));
      events.add(Row.of(tags, t.getEvents()));
      ratios.add(Row.of(tags, t.getShareComplete()));
    }
    themeSeen.register(seen, true);
    themeComplete.register(done, true);
    themeEvents.register(events, true);
    themeRatio.register(ratios, true);
  }

  static double scaled(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale).doubleValue();
  }

  @Override
  public synchronized void close() {
    if (value == null) {
      return;
    }
    for (MultiGauge g :
        new MultiGauge[] {
          value, expected, completion, complete, themeSeen, themeComplete, themeEvents, themeRatio
        }) {
      g.register(List.of(), true);
    }
    // A scrape still in flight must not bring the series back: refresh() does nothing from now on.
    value = null;
  }
}
