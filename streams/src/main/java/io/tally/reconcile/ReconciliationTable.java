package io.tally.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Reconciliation.Result} for people (an aligned text table for logs and the
 * console) and for programs (JSON). Values are shown with their scale, in plain notation, never
 * with an exponent, so {@code 1200000} and {@code 3.5} read as the report states them; in JSON they
 * are strings, so no reader turns them into binary floating point.
 */
public final class ReconciliationTable {
  private static final String[] HEADER = {
    "FIGURE", "THEME", "EXPECTED", "AGGREGATED", "UNIT", "QUALIFIER", "STATUS", "EVENTS"
  };
  // Numbers are right-aligned so their digits line up.
  private static final boolean[] RIGHT = {false, false, true, true, false, false, false, true};
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReconciliationTable() {}

  /** The table, one line per figure, then the summary line. */
  public static String render(Reconciliation.Result result) {
    List<String[]> lines = new ArrayList<>();
    lines.add(HEADER);
    for (ReconciliationRow row : result.rows()) {
      lines.add(cells(row));
    }
    int[] widths = new int[HEADER.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        String pad = " ".repeat(widths[i] - line[i].length());
        text.append(i == 0 ? "" : "  ").append(RIGHT[i] ? pad + line[i] : line[i] + pad);
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.append(result.summary()).append('\n').toString();
  }

  /** {@code {"summary": {...}, "figures": [{...}, ...]}}. */
  public static String toJson(Reconciliation.Result result) {
    ObjectNode root = JSON.createObjectNode();
    Reconciliation.Summary summary = result.summary();
    root.putObject("summary")
        .put("figures", summary.figures())
        .put("exact", summary.exact())
        .put("pending", summary.pending())
        .put("mismatched", summary.mismatched())
        .put("allExact", summary.allExact());
    ArrayNode figures = root.putArray("figures");
    for (ReconciliationRow row : result.rows()) {
      writeRow(figures.addObject(), row);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serializes; this would be a Jackson bug.
      throw new IllegalStateException("cannot write reconciliation as JSON", e);
    }
  }

  /** One figure's fields, as in {@link #toJson}; the HTTP API writes figures the same way. */
  public static ObjectNode writeRow(ObjectNode node, ReconciliationRow row) {
    ExpectedFigure f = row.figure();
    node.put("figureId", f.figureId())
        .put("scenario", f.scenario())
        .put("theme", f.theme())
        .put("metric", f.metric())
        .put("label", f.label())
        .put("unit", f.unit())
        .put("kind", lower(f.kind().name()))
        .put("qualifier", lower(f.qualifier().name()))
        .put("expected", plain(row.expected()));
    f.upper()
        .ifPresentOrElse(
            u -> node.put("expectedUpper", plain(u)), () -> node.putNull("expectedUpper"));
    node.put("stated", f.stated()).put("sentence", f.sentence());
    if (f.runId() == null) {
      node.putNull("runId");
    } else {
      node.put("runId", f.runId());
    }
    if (row.aggregated() == null) {
      node.putNull("aggregated");
    } else {
      node.put("aggregated", plain(row.aggregated()));
    }
    return node.put("eventsCounted", row.eventsCounted())
        .put("eventsInFigure", row.eventsInFigure())
        .put("status", row.status().name());
  }

  private static String[] cells(ReconciliationRow row) {
    ExpectedFigure f = row.figure();
    return new String[] {
      f.figureId(),
      f.theme(),
      f.stated(),
      row.aggregated() == null ? "-" : plain(row.aggregated()),
      f.unit(),
      lower(f.qualifier().name()),
      row.status().name(),
      row.eventsCounted() + "/" + row.eventsInFigure()
    };
  }

  static String plain(BigDecimal value) {
    return value.toPlainString();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
