package io.tally.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import io.tally.avro.ThemeTotal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-figure and per-theme gauges read from suppliers standing in for the active state stores,
 * bound to a {@link SimpleMeterRegistry}.
 */
class FigureMetricsTest {
  private static final String SCENARIO = "double11-2022";
  private static final String[] FIGURE_GAUGES = {
    "tally.figure.value",
    "tally.figure.expected.value",
    "tally.figure.completion.ratio",
    "tally.figure.complete"
  };
  private static final String[] THEME_GAUGES = {
    "tally.theme.figures.seen",
    "tally.theme.figures.complete",
    "tally.theme.events",
    "tally.theme.completion.ratio"
  };

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicReference<List<MetricTotal>> totals = new AtomicReference<>(List.of());
  private final AtomicReference<List<ThemeTotal>> themes = new AtomicReference<>(List.of());
  private final FigureMetrics metrics = new FigureMetrics(totals::get, themes::get);

  @BeforeEach
  void bind() {
    metrics.bindTo(registry);
  }

  @AfterEach
  void close() {
    metrics.close();
    registry.close();
  }

  @Test
  void noTotalsNoSeries() {
    metrics.refresh();

    assertThat(tallyMeters()).isEmpty();
  }

  @Test
  void publishesOneRowPerTotalWithItsSevenLabelsAndScaledValues() {
    totals.set(
        List.of(
            total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4),
            total("employment", "net_new_merchants", "net-new-merchants", 1_200_000, 1_200_000, 0)
                .setEventsCounted(24)
                .setEventsInFigure(24)
                .setComplete(true)
                .build()));

    metrics.refresh();

    assertThat(registry.find("tally.figure.value").gauges()).hasSize(2);
    Gauge elderly = figureGauge("tally.figure.value", "elderly-share");
    assertThat(tagMap(elderly))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "scenario", SCENARIO,
                "theme", "helping-elderly",
                "metric", "share_over_65",
                "figure", "elderly-share",
                "unit", "percent",
                "kind", "gauge",
                "qualifier", "about"));
    assertThat(elderly.value()).isEqualTo(12.5);
    assertThat(figureGauge("tally.figure.expected.value", "elderly-share").value()).isEqualTo(14.0);
    assertThat(figureGauge("tally.figure.completion.ratio", "elderly-share").value())
        .isEqualTo(0.75);
    assertThat(figureGauge("tally.figure.complete", "elderly-share").value()).isZero();

    Gauge merchants = figureGauge("tally.figure.value", "net-new-merchants");
    assertThat(tagMap(merchants))
        .containsEntry("kind", "counter")
        .containsEntry("qualifier", "about");
    assertThat(merchants.value()).isEqualTo(1_200_000.0);
    assertThat(figureGauge("tally.figure.completion.ratio", "net-new-merchants").value())
        .isEqualTo(1.0);
    assertThat(figureGauge("tally.figure.complete", "net-new-merchants").value()).isEqualTo(1.0);
  }

  @Test
  void aFigureWithoutEventsAnnouncedHasRatioZero() {
    totals.set(List.of(total("green", "parcels", "parcels", 0, 10, 0, 0, 0)));

    metrics.refresh();

    assertThat(figureGauge("tally.figure.completion.ratio", "parcels").value()).isZero();
  }

  @Test
  void refreshShowsTheCurrentValueAndDropsFiguresNoLongerHeld() {
    MetricTotal elderly =
        total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4);
    MetricTotal merchants =
        total("employment", "net_new_merchants", "net-new-merchants", 10, 20, 0, 1, 2);
    totals.set(List.of(elderly, merchants));
    metrics.refresh();

    totals.set(
        List.of(total("helping-elderly", "share_over_65", "elderly-share", 140, 140, 1, 4, 4)));
    metrics.refresh();

    for (String name : FIGURE_GAUGES) {
      assertThat(registry.find(name).gauges()).as(name).hasSize(1);
      assertThat(registry.find(name).tag("figure", "net-new-merchants").gauge()).as(name).isNull();
    }
    assertThat(figureGauge("tally.figure.value", "elderly-share").value()).isEqualTo(14.0);
    assertThat(figureGauge("tally.figure.completion.ratio", "elderly-share").value())
        .isEqualTo(1.0);
  }

  @Test
  void valuesSurviveGarbageCollection() {
    totals.set(
        List.of(total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4)));
    metrics.refresh();

    System.gc();

    assertThat(figureGauge("tally.figure.value", "elderly-share").value()).isEqualTo(12.5);
  }

  @Test
  void publishesOneRowPerThemeAndDropsThemesNoLongerHeld() {
    themes.set(List.of(theme("employment", 5, 4, 120, 0.8), theme("green", 2, 0, 10, 0.0)));
    metrics.refresh();

    Gauge seen = themeGauge("tally.theme.figures.seen", "employment");
    assertThat(tagMap(seen))
        .containsExactlyInAnyOrderEntriesOf(Map.of("scenario", SCENARIO, "theme", "employment"));
    assertThat(seen.value()).isEqualTo(5.0);
    assertThat(themeGauge("tally.theme.figures.complete", "employment").value()).isEqualTo(4.0);
    assertThat(themeGauge("tally.theme.events", "employment").value()).isEqualTo(120.0);
    assertThat(themeGauge("tally.theme.completion.ratio", "employment").value()).isEqualTo(0.8);

    themes.set(List.of(theme("green", 2, 1, 11, 0.5)));
    metrics.refresh();

    for (String name : THEME_GAUGES) {
      assertThat(registry.find(name).gauges()).as(name).hasSize(1);
    }
    assertThat(themeGauge("tally.theme.figures.complete", "green").value()).isEqualTo(1.0);
  }

  @Test
  void closeLeavesNoTallySeries() {
    totals.set(
        List.of(total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4)));
    themes.set(List.of(theme("helping-elderly", 1, 0, 3, 0.0)));
    metrics.refresh();
    assertThat(tallyMeters()).hasSize(FIGURE_GAUGES.length + THEME_GAUGES.length);

    metrics.close();

    assertThat(tallyMeters()).isEmpty();
  }

  @Test
  void refreshAfterCloseBringsNothingBack() {
    totals.set(
        List.of(total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4)));
    themes.set(List.of(theme("helping-elderly", 1, 0, 3, 0.0)));
    metrics.refresh();
    metrics.close();

    metrics.refresh();

    assertThat(tallyMeters()).isEmpty();
  }

  @Test
  void refreshBeforeBindDoesNothing() {
    FigureMetrics unbound = new FigureMetrics(totals::get, themes::get);
    totals.set(
        List.of(total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4)));

    unbound.refresh();
    unbound.close();

    assertThat(tallyMeters()).isEmpty();
  }

  private List<Meter> tallyMeters() {
    return registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("tally."))
        .toList();
  }

  private Gauge figureGauge(String name, String figureId) {
    return registry.get(name).tag("figure", figureId).gauge();
  }

  private Gauge themeGauge(String name, String theme) {
    return registry.get(name).tag("theme", theme).gauge();
  }

  private static Map<String, String> tagMap(Meter meter) {
    return meter.getId().getTags().stream().collect(Collectors.toMap(Tag::getKey, Tag::getValue));
  }

  private static MetricTotal total(
      String theme,
      String metric,
      String figureId,
      long value,
      long expected,
      int scale,
      int counted,
      int inFigure) {
    return total(theme, metric, figureId, value, expected, scale)
        .setKind(FigureKind.GAUGE)
        .setUnit("percent")
        .setEventsCounted(counted)
        .setEventsInFigure(inFigure)
        .build();
  }

  private static MetricTotal.Builder total(
      String theme, String metric, String figureId, long value, long expected, int scale) {
    return MetricTotal.newBuilder()
        .setScenario(SCENARIO)
        .setTheme(theme)
        .setMetric(metric)
        .setFigureId(figureId)
        .setRunId("run-1")
        .setUnit("merchants")
        .setKind(FigureKind.COUNTER)
        .setQualifier(Qualifier.ABOUT)
        .setScale(scale)
        .setValue(value)
        .setExpectedValue(expected)
        .setExpectedUpper(null)
        .setEventsCounted(0)
        .setEventsInFigure(0)
        .setDuplicates(0)
        .setLastEventTime(Instant.parse("2022-11-11T00:00:00Z"))
        .setComplete(false)
        .setLabel("");
  }

  private static ThemeTotal theme(
      String theme, int seen, int complete, long events, double shareComplete) {
    return ThemeTotal.newBuilder()
        .setScenario(SCENARIO)
        .setTheme(theme)
        .setRunId("run-1")
        .setFiguresSeen(seen)
        .setFiguresComplete(complete)
        .setEvents(events)
        .setEventsExpected(events)
        .setShareComplete(shareComplete)
        .build();
  }
}
