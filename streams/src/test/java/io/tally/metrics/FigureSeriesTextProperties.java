package io.tally.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import io.tally.serde.AvroTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * {@link FigureSeriesText} writes the lines the Prometheus client's own writers write for the same
 * series, in both formats, whatever the label values (quotes, backslashes, new lines, any script)
 * and numbers; only the order of a family's series may differ.
 */
class FigureSeriesTextProperties {

  @Property(tries = 200)
  void sameLinesAsThePrometheusClient(
      @ForAll("totals") @Size(max = 12) List<MetricTotal> totals, @ForAll boolean openMetrics)
      throws IOException {
    FigureSeriesText text = new FigureSeriesText();
    String ours = new String(text.render(totals, openMetrics), StandardCharsets.UTF_8);
    String reference = reference(totals, openMetrics);

    assertThat(ours.lines()).containsExactlyInAnyOrderElementsOf(reference.lines().toList());
    for (FigureSeriesText.Family family :
        totals.isEmpty() ? List.<FigureSeriesText.Family>of() : FigureSeriesText.FAMILIES) {
      if (totals.stream().noneMatch(family.present())) {
        assertThat(ours).doesNotContain(family.name());
        continue;
      }
      String help = "# HELP " + family.name() + " ";
      String type = "# TYPE " + family.name() + " gauge";
      String first = openMetrics ? type : help;
      String second = openMetrics ? help : type;
      int at = ours.indexOf(first);
      assertThat(at).as(first).isNotNegative();
      assertThat(ours.indexOf("\n", at) + 1).as("header order").isEqualTo(ours.indexOf(second));
    }
    // Rendering again from the cached label blocks gives the same text.
    assertThat(new String(text.render(totals, openMetrics), StandardCharsets.UTF_8))
        .isEqualTo(ours);
  }

  @Property(tries = 200)
  void aRenderAfterAnotherIsAFreshRender(
      @ForAll("fewIds") @Size(max = 6) List<MetricTotal> before,
      @ForAll("fewIds") @Size(max = 6) List<MetricTotal> after,
      @ForAll boolean openMetrics) {
    // Figures come and go, and a figure id may come back with other labels (another scenario,
    // another run): the cached label blocks must never leak from one render into the next.
    FigureSeriesText text = new FigureSeriesText();
    text.render(before, openMetrics);
    text.render(after, openMetrics);
    text.render(before, openMetrics);
    assertThat(new String(text.render(after, openMetrics), StandardCharsets.UTF_8))
        .isEqualTo(
            new String(new FigureSeriesText().render(after, openMetrics), StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  void theSameObjectsAgainInAnyOrderAreAFreshRender(
      @ForAll("fewIds") @Size(min = 1, max = 6) List<MetricTotal> pool,
      @ForAll @Size(max = 6) List<@Size(max = 8) List<Integer>> picks,
      @ForAll boolean openMetrics) {
    // Totals kept in memory come back as the very objects of the last scrape, mostly at the same
    // place; here they come back anywhere, repeated or not at all, beside others sharing their id.
    // Groups of two figures: pieces of a render are those of the last render where they match.
    FigureSeriesText text = new FigureSeriesText(2);
    for (List<Integer> pick : picks) {
      List<MetricTotal> totals =
          pick.stream().map(i -> pool.get(Math.floorMod(i, pool.size()))).toList();
      assertThat(new String(text.render(totals, openMetrics), StandardCharsets.UTF_8))
          .isEqualTo(
              new String(
                  new FigureSeriesText().render(totals, openMetrics), StandardCharsets.UTF_8));
    }
  }

  @Property(tries = 200)
  void aTotalThatMovesIsWrittenWithItsNewValue(
      @ForAll("totals") @Size(max = 8) List<MetricTotal> totals,
      @ForAll long delta,
      @ForAll boolean openMetrics) {
    // Same figures, same labels, other values: each line cached from the first render must be
    // written again with its new value, and a family that appears or goes (the upper bound of a
    // range) must appear or go.
    AvroTrust.register(); // builders copy Tally's Avro enums
    FigureSeriesText text = new FigureSeriesText();
    text.render(totals, openMetrics);
    List<MetricTotal> moved =
        totals.stream()
            .map(
                t ->
                    MetricTotal.newBuilder(t)
                        .setValue(t.getValue() + delta)
                        .setEventsCounted(t.getEventsCounted() + 1)
                        .setComplete(!t.getComplete())
                        .setExpectedUpper(t.getExpectedUpper() == null ? delta : null)
                        .build())
            .toList();
    assertThat(new String(text.render(moved, openMetrics), StandardCharsets.UTF_8))
        .isEqualTo(
            new String(new FigureSeriesText().render(moved, openMetrics), StandardCharsets.UTF_8));
  }

  @Property(tries = 100)
  void groupsWhoseLinesDidNotMoveAreTheSameArrays(
      @ForAll("totals") @Size(min = 4, max = 8) List<MetricTotal> totals,
      @ForAll boolean openMetrics) {
    // What lets the gzip of a scrape keep the compression of what did not move.
    AvroTrust.register();
    Assume.that(totals.stream().map(MetricTotal::getFigureId).distinct().count() == totals.size());
    FigureSeriesText text = new FigureSeriesText(2);
    List<byte[]> before = text.pieces(totals, openMetrics);
    List<MetricTotal> moved = new ArrayList<>(totals);
    MetricTotal first = totals.get(0);
    moved.set(0, MetricTotal.newBuilder(first).setValue(first.getValue() == 0 ? 1 : 0).build());
    List<byte[]> after = text.pieces(moved, openMetrics);

    assertThat(after).hasSameSizeAs(before);
    int same = 0;
    for (int i = 0; i < after.size(); i++) {
      same += after.get(i) == before.get(i) ? 1 : 0;
    }
    // Headers are constants; only the value family's first group holds a moved line.
    assertThat(same).isEqualTo(after.size() - 1);
  }

  @Example
  void nothingForNoTotals() {
    assertThat(new FigureSeriesText().render(List.of(), false)).isEmpty();
  }

  private static String reference(List<MetricTotal> totals, boolean openMetrics)
      throws IOException {
    if (totals.isEmpty()) {
      return "";
    }
    List<GaugeSnapshot> families = new ArrayList<>();
    for (FigureSeriesText.Family family : FigureSeriesText.FAMILIES) {
      if (totals.stream().noneMatch(family.present())) {
        continue;
      }
      GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(family.name()).help(family.help());
      for (MetricTotal t : totals) {
        if (!family.present().test(t)) {
          continue;
        }
        gauge.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(labels(t, family.name().equals(FigureMetrics.INFO)))
                .value(family.value().applyAsDouble(t))
                .build());
      }
      families.add(gauge.build());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MetricSnapshots snapshots = new MetricSnapshots(families.toArray(new GaugeSnapshot[0]));
    if (openMetrics) {
      OpenMetricsTextFormatWriter.create().write(out, snapshots);
    } else {
      PrometheusTextFormatWriter.create().write(out, snapshots);
    }
    return out.toString(StandardCharsets.UTF_8).replace("# EOF\n", "");
  }

  /**
   * The figure's labels as the Prometheus client's model holds them: identifying ones only, or all
   * of them for the info series.
   */
  private static Labels labels(MetricTotal t, boolean info) {
    Labels ids =
        Labels.of(
            "scenario", t.getScenario(),
            "theme", t.getTheme(),
            "metric", t.getMetric(),
            "figure", t.getFigureId());
    if (!info) {
      return ids;
    }
    return ids.merge(
        Labels.of(
            "label", t.getLabel(),
            "unit", t.getUnit(),
            "kind", t.getKind().name().toLowerCase(Locale.ROOT),
            "qualifier", t.getQualifier().name().toLowerCase(Locale.ROOT)));
  }

  @Provide
  Arbitrary<List<MetricTotal>> totals() {
    return totals(1_000_000);
  }

  /** Few figure ids: lists drawn apart share some, with other labels. */
  @Provide
  Arbitrary<List<MetricTotal>> fewIds() {
    return totals(5);
  }

  private static Arbitrary<List<MetricTotal>> totals(int maxId) {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
            Arbitraries.strings()
                .withChars('"', '\\', '\n', '{', '}', ',', '=', ' ', '数', '据', 'é', '😀')
                .ofMinLength(1)
                .ofMaxLength(6),
            Arbitraries.strings().ofMinLength(1).ofMaxLength(6));
    Arbitrary<MetricTotal> total =
        Combinators.combine(
                text,
                text,
                Arbitraries.integers().between(0, maxId),
                Arbitraries.longs(),
                Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, 50),
                Arbitraries.of(FigureKind.class),
                Arbitraries.of(Qualifier.class))
            .as(
                (theme, unit, id, value, scale, counted, kind, qualifier) ->
                    MetricTotal.newBuilder()
                        .setScenario("s")
                        .setTheme(theme)
                        .setMetric("m" + id)
                        .setFigureId("f" + id)
                        .setRunId("r")
                        .setUnit(unit)
                        .setKind(kind)
                        .setQualifier(qualifier)
                        .setScale(scale)
                        .setValue(value)
                        .setExpectedValue(value / 3)
                        .setExpectedUpper(value % 3 == 0 ? null : value / 2)
                        .setEventsCounted(counted)
                        .setEventsInFigure(counted / 2)
                        .setDuplicates(0)
                        .setLastEventTime(Instant.EPOCH)
                        .setComplete(counted % 2 == 0)
                        .setLabel(unit + " of " + theme)
                        .build());
    // Figure ids unique, as in a store keyed by figure.
    return total.list().uniqueElements(MetricTotal::getFigureId);
  }
}
