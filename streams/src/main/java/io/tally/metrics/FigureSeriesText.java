package io.tally.metrics;

import io.tally.avro.MetricTotal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The per-figure gauge families as exposition text (Prometheus text 0.0.4 or OpenMetrics), written
 * line for line as the Prometheus client writes them, but from each figure's label block rendered
 * once: with 10,000 figures the client's writer, escaping seven labels on each of 40,000 lines at
 * every scrape, took most of a scrape's time (see docs/performance.md). {@code
 * FigureSeriesTextTest} and a jqwik property check the lines against the client's own writer.
 *
 * <p>Not thread-safe: {@link FigureMetrics} calls it under its lock.
 */
final class FigureSeriesText {
  record Family(
      String name,
      String help,
      ToDoubleFunction<MetricTotal> value,
      java.util.function.Predicate<MetricTotal> present) {
    Family(String name, String help, ToDoubleFunction<MetricTotal> value) {
      this(name, help, value, t -> true);
    }
  }

  static final List<Family> FAMILIES =
      List.of(
          new Family(
              FigureMetrics.INFO,
              "The figure in the report's words: label, unit, kind, qualifier (value always 1)",
              t -> 1),
          new Family(
              FigureMetrics.VALUE,
              "The figure's value as aggregated from its events",
              t -> FigureMetrics.scaled(t.getValue(), t.getScale())),
          new Family(
              FigureMetrics.EXPECTED,
              "The figure as the report states it",
              t -> FigureMetrics.scaled(t.getExpectedValue(), t.getScale())),
          new Family(
              FigureMetrics.COMPLETION,
              "Share of the figure's events counted",
              t ->
                  t.getEventsInFigure() == 0
                      ? 0
                      : (double) t.getEventsCounted() / t.getEventsInFigure()),
          new Family(
              FigureMetrics.COMPLETE,
              "1 when every event is counted and the value is exact",
              t -> t.getComplete() ? 1 : 0),
          new Family(
              FigureMetrics.EXPECTED_UPPER,
              "The upper bound of a figure the report states as a range",
              t ->
                  t.getExpectedUpper() == null
                      ? 0
                      : FigureMetrics.scaled(t.getExpectedUpper(), t.getScale()),
              t -> t.getExpectedUpper() != null));

  // The label block ({figure="..",...,unit=".."}) of each figure as last written, by figure id
  // (a String's hash is cheaper than the seven fields'); used only while the figure's labels are
  // still the same. Updated in place: a scrape of unchanged figures allocates no labels and
  // inserts nothing; figures no longer rendered are dropped once they outnumber the rendered.
  private final Map<String, Block> blocks = new HashMap<>();
  private int generation;

  /** A figure's label blocks: the identifying labels, and all of them for its info series. */
  private static final class Block {
    final FigureLabels labels;
    final byte[] ids;
    final byte[] info;
    int renderedIn;

    Block(FigureLabels labels) {
      this.labels = labels;
      this.ids = idBlock(labels);
      this.info = infoBlock(labels);
    }
  }

  private int lastSize = 1 << 12;

  /** The families' text for {@code totals}; nothing at all when there are none. */
  byte[] render(List<MetricTotal> totals, boolean openMetrics) {
    generation++;
    if (totals.isEmpty()) {
      blocks.clear();
      return new byte[0];
    }
    byte[][] idBlocks = new byte[totals.size()][];
    byte[][] infoBlocks = new byte[totals.size()][];
    for (int i = 0; i < idBlocks.length; i++) {
      MetricTotal total = totals.get(i);
      Block block = blocks.get(total.getFigureId());
      if (block == null || !block.labels.describe(total)) {
        block = new Block(FigureLabels.of(total));
        blocks.put(total.getFigureId(), block);
      }
      block.renderedIn = generation;
      idBlocks[i] = block.ids;
      infoBlocks[i] = block.info;
    }
    if (blocks.size() > totals.size()) {
      int now = generation;
      blocks.values().removeIf(b -> b.renderedIn != now);
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize + lastSize / 8);
    for (Family family : FAMILIES) {
      if (totals.stream().noneMatch(family.present())) {
        continue;
      }
      byte[] name = family.name().getBytes(StandardCharsets.UTF_8);
      String help = "# HELP " + family.name() + " " + escapeHelp(family.help()) + "\n";
      String type = "# TYPE " + family.name() + " gauge\n";
      // OpenMetrics puts TYPE first; the text format HELP.
      ascii(out, openMetrics ? type + help : help + type);
      byte[][] labelBlocks = family.name().equals(FigureMetrics.INFO) ? infoBlocks : idBlocks;
      for (int i = 0; i < labelBlocks.length; i++) {
        if (!family.present().test(totals.get(i))) {
          continue;
        }
        out.writeBytes(name);
        out.writeBytes(labelBlocks[i]);
        out.write(' ');
        ascii(out, number(family.value().applyAsDouble(totals.get(i))));
        out.write('\n');
      }
    }
    lastSize = out.size();
    return out.toByteArray();
  }

  private static byte[] idBlock(FigureLabels l) {
    // Label names in the order the client writes them: sorted.
    StringBuilder b = new StringBuilder(100);
    b.append('{');
    label(b, "figure", l.figure()).append(',');
    label(b, "metric", l.metric()).append(',');
    label(b, "scenario", l.scenario()).append(',');
    label(b, "theme", l.theme());
    b.append('}');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] infoBlock(FigureLabels l) {
    StringBuilder b = new StringBuilder(200);
    b.append('{');
    label(b, "figure", l.figure()).append(',');
    label(b, "kind", l.kind().name().toLowerCase(Locale.ROOT)).append(',');
    label(b, "label", l.label()).append(',');
    label(b, "metric", l.metric()).append(',');
    label(b, "qualifier", l.qualifier().name().toLowerCase(Locale.ROOT)).append(',');
    label(b, "scenario", l.scenario()).append(',');
    label(b, "theme", l.theme()).append(',');
    label(b, "unit", l.unit());
    b.append('}');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static StringBuilder label(StringBuilder b, String name, String value) {
    b.append(name).append("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"');
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** A sample value as the Prometheus client writes it. */
  static String number(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(d);
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
