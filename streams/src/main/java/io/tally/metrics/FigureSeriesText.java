package io.tally.metrics;

import io.tally.avro.MetricTotal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

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

  // Each figure's lines as last written, by figure id (a String's hash is cheaper than the seven
  // fields'): its label blocks, used while its labels stay the same, and each family's line, used
  // while the family's value stays the same. A scrape of figures whose totals did not move since
  // the last one formats no number and allocates nothing but the body; figures no longer rendered
  // are dropped once they outnumber the rendered.
  private final Map<String, Block> blocks = new HashMap<>();
  private int generation;
  // The last render's totals and their blocks, by position. Totals kept in memory come in the same
  // order, as the same objects, from one scrape to the next while they do not move: such a total
  // finds its block with no lookup and its lines as they were, with no label compared.
  private MetricTotal[] lastTotals = new MetricTotal[0];
  private Block[] lastBlocks = new Block[0];

  /** A figure's label blocks and, per family, its value and line as last written. */
  private static final class Block {
    final FigureLabels labels;
    final byte[] ids;
    final byte[] info;
    final double[] values = new double[FAMILIES.size()];
    final byte[][] lines = new byte[FAMILIES.size()][];
    int renderedIn;
    // The total whose lines these are: the same object again has the same lines.
    @Nullable MetricTotal renderedTotal;

    Block(FigureLabels labels) {
      this.labels = labels;
      this.ids = idBlock(labels);
      this.info = infoBlock(labels);
    }

    /** This family's line for {@code total}, or null when the family has no series for it. */
    byte @Nullable [] line(int family, MetricTotal total, byte[][] names) {
      Family f = FAMILIES.get(family);
      if (!f.present().test(total)) {
        lines[family] = null;
        return null;
      }
      double value = f.value().applyAsDouble(total);
      byte[] line = lines[family];
      if (line == null
          || Double.doubleToRawLongBits(value) != Double.doubleToRawLongBits(values[family])) {
        line = line(names[family], f.name().equals(FigureMetrics.INFO) ? info : ids, value);
        lines[family] = line;
        values[family] = value;
      }
      return line;
    }

    private static byte[] line(byte[] name, byte[] labels, double value) {
      byte[] number = number(value).getBytes(StandardCharsets.US_ASCII);
      byte[] line = new byte[name.length + labels.length + 1 + number.length + 1];
      System.arraycopy(name, 0, line, 0, name.length);
      System.arraycopy(labels, 0, line, name.length, labels.length);
      line[name.length + labels.length] = ' ';
      System.arraycopy(number, 0, line, name.length + labels.length + 1, number.length);
      line[line.length - 1] = '\n';
      return line;
    }
  }

  private static final byte[][] NAMES =
      FAMILIES.stream().map(f -> f.name().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  private static final byte[][] TEXT_HEADERS =
      FAMILIES.stream().map(f -> header(f, false)).toArray(byte[][]::new);
  private static final byte[][] OPENMETRICS_HEADERS =
      FAMILIES.stream().map(f -> header(f, true)).toArray(byte[][]::new);

  /** The families' text for {@code totals}; nothing at all when there are none. */
  @SuppressWarnings("ReferenceEquality") // the very object rendered last time: see lastTotals
  byte[] render(List<MetricTotal> totals, boolean openMetrics) {
    generation++;
    if (totals.isEmpty()) {
      blocks.clear();
      lastTotals = new MetricTotal[0];
      lastBlocks = new Block[0];
      return new byte[0];
    }
    int families = FAMILIES.size();
    byte[][] familyHeaders = openMetrics ? OPENMETRICS_HEADERS : TEXT_HEADERS;
    // lines[family][figure]: the body is the families one after the other, each figure's line in
    // the order of the totals.
    byte[][][] lines = new byte[families][totals.size()][];
    boolean[] present = new boolean[families];
    MetricTotal[] rendered = totals.toArray(new MetricTotal[0]);
    Block[] renderedBlocks = new Block[rendered.length];
    int size = 0;
    for (int i = 0; i < rendered.length; i++) {
      MetricTotal total = rendered[i];
      Block block = i < lastTotals.length && lastTotals[i] == total ? lastBlocks[i] : null;
      if (block == null) {
        block = blocks.get(total.getFigureId());
        if (block == null || !block.labels.describe(total)) {
          block = new Block(FigureLabels.of(total));
          blocks.put(total.getFigureId(), block);
        }
      }
      block.renderedIn = generation;
      renderedBlocks[i] = block;
      boolean same = block.renderedTotal == total;
      for (int f = 0; f < families; f++) {
        byte[] line = same ? block.lines[f] : block.line(f, total, NAMES);
        lines[f][i] = line;
        if (line != null) {
          size += line.length;
          if (!present[f]) {
            present[f] = true;
            size += familyHeaders[f].length;
          }
        }
      }
      block.renderedTotal = total;
    }
    lastTotals = rendered;
    lastBlocks = renderedBlocks;
    if (blocks.size() > totals.size()) {
      int now = generation;
      blocks.values().removeIf(b -> b.renderedIn != now);
    }

    byte[] body = new byte[size];
    int at = 0;
    for (int f = 0; f < families; f++) {
      if (!present[f]) {
        continue;
      }
      byte[] header = familyHeaders[f];
      System.arraycopy(header, 0, body, at, header.length);
      at += header.length;
      for (byte[] line : lines[f]) {
        if (line != null) {
          System.arraycopy(line, 0, body, at, line.length);
          at += line.length;
        }
      }
    }
    return body;
  }

  private static byte[] header(Family family, boolean openMetrics) {
    String help = "# HELP " + family.name() + " " + escapeHelp(family.help()) + "\n";
    String type = "# TYPE " + family.name() + " gauge\n";
    // OpenMetrics puts TYPE first; the text format HELP.
    return (openMetrics ? type + help : help + type).getBytes(StandardCharsets.UTF_8);
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
}
