package io.tally.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import io.tally.avro.RunState;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import io.tally.testkit.PrometheusText;
import io.tally.testkit.PrometheusText.Sample;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-figure and per-theme gauges read from suppliers standing in for the active state stores, read
 * at every scrape, as {@code /metrics} serves them.
 */
class FigureMetricsTest {
  private static final String SCENARIO = "double11-2022";
  private static final String[] FIGURE_GAUGES = {
    FigureMetrics.INFO,
    FigureMetrics.VALUE,
    FigureMetrics.EXPECTED,
    FigureMetrics.COMPLETION,
    FigureMetrics.COMPLETE
  };
  private static final String[] THEME_GAUGES = {
    FigureMetrics.THEME_SEEN,
    FigureMetrics.THEME_COMPLETE,
    FigureMetrics.THEME_EVENTS,
    FigureMetrics.THEME_RATIO,
    FigureMetrics.THEME_DECLARED
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<List<MetricTotal>> totals = new AtomicReference<>(List.of());
  private final AtomicReference<List<ThemeTotal>> themes = new AtomicReference<>(List.of());
  private final AtomicReference<List<RunStatus>> runs = new AtomicReference<>(List.of());
  private final FigureMetrics metrics = new FigureMetrics(totals::get, themes::get, runs::get);

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
    assertThat(tallyPoints()).isEmpty();
    assertThat(text()).doesNotContain("tally_figure");
  }

  @Test
  void publishesValuesByFigureAndTheReportsWordsOnceInTheInfoSeries() {
    totals.set(
        List.of(
            total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4),
            total("employment", "net_new_merchants", "net-new-merchants", 1_200_000, 1_200_000, 0)
                .setEventsCounted(24)
                .setEventsInFigure(24)
                .setComplete(true)
                .build()));
    Map<String, List<Sample>> scrape = scrape();

    assertThat(scrape.get(FigureMetrics.VALUE)).hasSize(2);
    Sample elderly = point(scrape, FigureMetrics.VALUE, "figure", "elderly-share");
    // Value series carry only what identifies the figure; the rest is in tally_figure_info.
    assertThat(labelMap(elderly))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "scenario", SCENARIO,
                "theme", "helping-elderly",
                "metric", "share_over_65",
                "figure", "elderly-share"));
    Sample info = point(scrape, FigureMetrics.INFO, "figure", "elderly-share");
    assertThat(info.value()).isEqualTo(1.0);
    assertThat(labelMap(info))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "scenario", SCENARIO,
                "theme", "helping-elderly",
                "metric", "share_over_65",
                "figure", "elderly-share",
                "label", "Share of the over-65s",
                "unit", "percent",
                "kind", "gauge",
                "qualifier", "about"));
    assertThat(elderly.value()).isEqualTo(12.5);
    assertThat(value(scrape, FigureMetrics.EXPECTED, "elderly-share")).isEqualTo(14.0);
    assertThat(value(scrape, FigureMetrics.COMPLETION, "elderly-share")).isEqualTo(0.75);
    assertThat(value(scrape, FigureMetrics.COMPLETE, "elderly-share")).isZero();

    Sample merchants = point(scrape, FigureMetrics.VALUE, "figure", "net-new-merchants");
    assertThat(labelMap(point(scrape, FigureMetrics.INFO, "figure", "net-new-merchants")))
        .containsEntry("kind", "counter")
        .containsEntry("qualifier", "about");
    assertThat(merchants.value()).isEqualTo(1_200_000.0);
    assertThat(value(scrape, FigureMetrics.COMPLETION, "net-new-merchants")).isEqualTo(1.0);
    assertThat(value(scrape, FigureMetrics.COMPLETE, "net-new-merchants")).isEqualTo(1.0);
  }

  @Test
  void theTextScrapeHasOneLinePerSeriesWithHelp() {
    totals.set(
        List.of(total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4)));

    assertThat(text())
        .contains("# HELP tally_figure_value The figure's value as aggregated from its events")
        .contains("# TYPE tally_figure_value gauge")
        .contains(
            "tally_figure_value{figure=\"elderly-share\",metric=\"share_over_65\","
                + "scenario=\"double11-2022\",theme=\"helping-elderly\"} 12.5\n")
        .contains(
            "tally_figure_info{figure=\"elderly-share\",kind=\"gauge\","
                + "label=\"Share of the over-65s\",metric=\"share_over_65\","
                + "qualifier=\"about\",scenario=\"double11-2022\",theme=\"helping-elderly\","
                + "unit=\"percent\"} 1.0\n");
  }

  @Test
  void aFigureWithoutEventsAnnouncedHasRatioZero() {
    totals.set(List.of(total("green", "parcels", "parcels", 0, 10, 0, 0, 0)));

    assertThat(value(scrape(), FigureMetrics.COMPLETION, "parcels")).isZero();
  }

  @Test
  void everyScrapeShowsTheCurrentValueAndDropsFiguresNoLongerHeld() {
    MetricTotal elderly =
        total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4);
    MetricTotal merchants =
        total("employment", "net_new_merchants", "net-new-merchants", 10, 20, 0, 1, 2);
    totals.set(List.of(elderly, merchants));
    assertThat(scrape().get(FigureMetrics.VALUE)).hasSize(2);

    totals.set(
        List.of(total("helping-elderly", "share_over_65", "elderly-share", 140, 140, 1, 4, 4)));
    Map<String, List<Sample>> scrape = scrape();

    for (String name : FIGURE_GAUGES) {
      assertThat(scrape.get(name)).as(name).hasSize(1);
      assertThat(labelMap(scrape.get(name).get(0))).containsEntry("figure", "elderly-share");
    }
    assertThat(value(scrape, FigureMetrics.VALUE, "elderly-share")).isEqualTo(14.0);
    assertThat(value(scrape, FigureMetrics.COMPLETION, "elderly-share")).isEqualTo(1.0);
  }

  @Test
  void aFigureWhoseLabelsChangeIsPublishedWithTheNewLabels() {
    totals.set(
        List.of(total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4)));
    scrape();
    totals.set(
        List.of(
            total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1)
                .setUnit("per-mille")
                .setQualifier(Qualifier.MORE_THAN)
                .build()));

    Sample point = point(scrape(), FigureMetrics.INFO, "figure", "elderly-share");

    assertThat(labelMap(point))
        .containsEntry("unit", "per-mille")
        .containsEntry("qualifier", "more_than")
        .containsEntry("kind", "counter");
  }

  @Test
  void publishesOneRowPerThemeAndDropsThemesNoLongerHeld() {
    themes.set(List.of(theme("employment", 5, 4, 120, 0.8), theme("green", 2, 0, 10, 0.0)));
    Map<String, List<Sample>> scrape = scrape();

    Sample seen = point(scrape, FigureMetrics.THEME_SEEN, "theme", "employment");
    assertThat(labelMap(seen))
        .containsExactlyInAnyOrderEntriesOf(Map.of("scenario", SCENARIO, "theme", "employment"));
    assertThat(seen.value()).isEqualTo(5.0);
    assertThat(point(scrape, FigureMetrics.THEME_COMPLETE, "theme", "employment").value())
        .isEqualTo(4.0);
    assertThat(point(scrape, FigureMetrics.THEME_EVENTS, "theme", "employment").value())
        .isEqualTo(120.0);
    assertThat(point(scrape, FigureMetrics.THEME_RATIO, "theme", "employment").value())
        .isEqualTo(0.8);

    themes.set(List.of(theme("green", 2, 1, 11, 0.5)));
    scrape = scrape();

    for (String name : THEME_GAUGES) {
      assertThat(scrape.get(name)).as(name).hasSize(1);
    }
    assertThat(point(scrape, FigureMetrics.THEME_COMPLETE, "theme", "green").value())
        .isEqualTo(1.0);
  }

  @Test
  void eachRunHasItsCountsAndTheReportsClock() {
    Instant reportTime = Instant.parse("2022-11-11T08:30:00Z");
    runs.set(
        List.of(
            RunStatus.newBuilder()
                .setRunId("run-1")
                .setScenario(SCENARIO)
                .setState(RunState.REPLAYING)
                .setFigures(43)
                .setFiguresStarted(40)
                .setFiguresCounted(30)
                .setExact(25)
                .setEvents(710)
                .setEventsCounted(600)
                .setFirstEventTime(reportTime.minusSeconds(86_400))
                .setLastEventTime(reportTime)
                .setSupersededBy(null)
                .setDeclaredAt(null)
                .build()));
    Map<String, List<Sample>> scrape = scrape();

    Sample clock = point(scrape, FigureMetrics.REPORT_TIME, "run", "run-1");
    assertThat(labelMap(clock))
        .containsExactlyInAnyOrderEntriesOf(Map.of("scenario", SCENARIO, "run", "run-1"));
    assertThat(clock.value()).isEqualTo(reportTime.getEpochSecond());
    assertThat(point(scrape, FigureMetrics.RUN_FIGURES, "run", "run-1").value()).isEqualTo(43.0);
    assertThat(point(scrape, FigureMetrics.RUN_EXACT, "run", "run-1").value()).isEqualTo(25.0);
    assertThat(point(scrape, FigureMetrics.RUN_COMPLETE, "run", "run-1").value()).isZero();
  }

  @Test
  void closeLeavesNoTallySeries() {
    totals.set(
        List.of(total("helping-elderly", "share_over_65", "elderly-share", 125, 140, 1, 3, 4)));
    themes.set(List.of(theme("helping-elderly", 1, 0, 3, 0.0)));
    assertThat(tallyPoints()).hasSize(FIGURE_GAUGES.length + THEME_GAUGES.length);

    metrics.close();

    assertThat(tallyPoints()).isEmpty();
    assertThat(text()).doesNotContain("tally_");
  }

  @Test
  void onlyAPrometheusRegistryCanPublishThem() {
    FigureMetrics other = new FigureMetrics(totals::get, themes::get);
    SimpleMeterRegistry simple = new SimpleMeterRegistry();

    assertThatThrownBy(() -> other.bindTo(simple))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Prometheus registry");
    assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class);
    other.close();
    simple.close();
  }

  /** What {@code /metrics} serves: the figure series, then the registry's text. */
  private String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.figureSeries(false).forEach(out::writeBytes);
    return out.toString(StandardCharsets.UTF_8) + registry.scrape();
  }

  /** Tally's series of the scrape, by family. */
  private Map<String, List<Sample>> scrape() {
    return PrometheusText.parse(text()).stream()
        .filter(sample -> sample.name().startsWith("tally_"))
        .collect(Collectors.groupingBy(Sample::name));
  }

  private List<Sample> tallyPoints() {
    return scrape().values().stream().flatMap(List::stream).toList();
  }

  private static double value(Map<String, List<Sample>> scrape, String name, String figure) {
    return point(scrape, name, "figure", figure).value();
  }

  private static Sample point(
      Map<String, List<Sample>> scrape, String name, String label, String value) {
    return scrape.get(name).stream()
        .filter(p -> value.equals(p.labels().get(label)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " has no series with " + label + "=" + value));
  }

  private static Map<String, String> labelMap(Sample point) {
    return point.labels();
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
        .setLabel(figureId.equals("elderly-share") ? "Share of the over-65s" : figureId);
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
