package io.tally.metrics;

import io.tally.avro.MetricTotal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
  // The last render's lines (family, figure) and groups (family, group), for pieces().
  private byte[][][] lastLines = new byte[FAMILIES.size()][0][];
  private byte[][][] lastGroups = new byte[FAMILIES.size()][0][];

  /** Figures per piece of a family's lines: about 15-45 KB of text, a few KB compressed. */
  static final int GROUP = 256;

  private final int group;

  FigureSeriesText() {
    this(GROUP);
  }

  /** With {@code group} figures per piece (tests use small groups to have many). */
  FigureSeriesText(int group) {
    this.group = group;
  }

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
  byte[] render(List<MetricTotal> totals, boolean openMetrics) {
    List<byte[]> pieces = pieces(totals, openMetrics);
    int size = 0;
    for (byte[] piece : pieces) {
      size += piece.length;
    }
    byte[] body = new byte[size];
    int at = 0;
    for (byte[] piece : pieces) {
      System.arraycopy(piece, 0, body, at, piece.length);
      at += piece.length;
    }
    return body;
  }

  /**
   * The families' text for {@code totals} in pieces, one after the other: each family's header,
   * then its lines a group of figures at a time ({@value #GROUP} by default). A group whose lines
   * are all the very ones of the last render at the same places is the same array again, so whoever
   * compresses the pieces can keep what it made of it. Nothing at all when there are no totals.
   */
  @SuppressWarnings("ReferenceEquality") // the very objects of the last render: see lastTotals
  List<byte[]> pieces(List<MetricTotal> totals, boolean openMetrics) {
    generation++;
    if (totals.isEmpty()) {
      blocks.clear();
      lastTotals = new MetricTotal[0];
      lastBlocks = new Block[0];
      lastLines = new byte[FAMILIES.size()][0][];
      lastGroups = new byte[FAMILIES.size()][0][];
      return List.of();
    }
    int families = FAMILIES.size();
    int n = totals.size();
    // lines[family][figure]: the body is the families one after the other, each figure's line in
    // the order of the totals.
    byte[][][] lines = new byte[families][n][];
    boolean[] present = new boolean[families];
    MetricTotal[] rendered = totals.toArray(new MetricTotal[0]);
    Block[] renderedBlocks = new Block[n];
    for (int i = 0; i < n; i++) {
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
        present[f] |= line != null;
      }
      block.renderedTotal = total;
    }
    lastTotals = rendered;
    lastBlocks = renderedBlocks;
    if (blocks.size() > n) {
      int now = generation;
      blocks.values().removeIf(b -> b.renderedIn != now);
    }

    byte[][] familyHeaders = openMetrics ? OPENMETRICS_HEADERS : TEXT_HEADERS;
    int groupCount = (n + group - 1) / group;
    byte[][][] groups = new byte[families][groupCount][];
    List<byte[]> pieces = new ArrayList<>(families * (groupCount + 1));
    for (int f = 0; f < families; f++) {
      for (int g = 0; g < groupCount; g++) {
        groups[f][g] = group(f, g, lines[f]);
      }
      if (present[f]) {
        pieces.add(familyHeaders[f]);
        for (byte[] piece : groups[f]) {
          if (piece.length > 0) {
            pieces.add(piece);
          }
        }
      }
    }
    lastLines = lines;
    lastGroups = groups;
    return pieces;
  }

  /** Group {@code g} of a family's lines: the last render's array when its lines are the same. */
  @SuppressWarnings("ReferenceEquality") // the very lines of the last render
  private byte[] group(int family, int g, byte[][] lines) {
    int from = g * group;
    int to = Math.min(lines.length, from + group);
    byte[][] before = lastLines[family];
    if (g < lastGroups[family].length && Math.min(before.length, from + group) == to) {
      boolean same = true;
      for (int i = from; i < to && same; i++) {
        same = lines[i] == before[i];
      }
      if (same) {
        return lastGroups[family][g];
      }
    }
    int size = 0;
    for (int i = from; i < to; i++) {
      size += lines[i] == null ? 0 : lines[i].length;
    }
    byte[] group = new byte[size];
    int at = 0;
    for (int i = from; i < to; i++) {
      if (lines[i] != null) {
        System.arraycopy(lines[i], 0, group, at, lines[i].length);
        at += lines[i].length;
      }
    }
    return group;
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
