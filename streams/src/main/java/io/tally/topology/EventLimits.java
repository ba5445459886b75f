package io.tally.topology;

import io.tally.avro.FigureEvent;
import org.jspecify.annotations.Nullable;

/**
 * The longest text an event may carry: those of a valid scenario (the producer's {@code
 * ScenarioLimits}, {@code docs/scenario-format.md}) and run id. An event beyond them cannot come
 * from {@code tally replay}, and counting it could make a total, a theme rollup or their
 * repartition records larger than the broker accepts.
 */
final class EventLimits {
  static final int MAX_ID_CHARS = 64;
  static final int MAX_RUN_ID_CHARS = 128;
  static final int MAX_EVENT_ID_CHARS = 512;
  static final int MAX_LABEL_CHARS = 200;
  static final int MAX_TITLE_CHARS = 500;
  static final int MAX_SENTENCE_CHARS = 2_000;

  private EventLimits() {}

  /** "field: N characters, at most M" for the first field too long, or null. */
  static @Nullable String oversizedField(FigureEvent e) {
    String problem =
        check("scenario", e.getScenario(), MAX_ID_CHARS)
            + check("theme", e.getTheme(), MAX_ID_CHARS)
            + check("metric", e.getMetric(), MAX_ID_CHARS)
            + check("figureId", e.getFigureId(), MAX_ID_CHARS)
            + check("unit", e.getUnit(), MAX_ID_CHARS)
            + check("runId", e.getRunId(), MAX_RUN_ID_CHARS)
            + check("eventId", e.getEventId(), MAX_EVENT_ID_CHARS)
            + check("timeZone", e.getTimeZone(), MAX_TITLE_CHARS);
    if (problem.isEmpty() && e.getProvenance() != null) {
      problem =
          check("provenance.label", e.getProvenance().getLabel(), MAX_LABEL_CHARS)
              + check("provenance.sentence", e.getProvenance().getSentence(), MAX_SENTENCE_CHARS)
              + check(
                  "provenance.sourceDocument",
                  e.getProvenance().getSourceDocument(),
                  MAX_TITLE_CHARS);
    }
    return problem.isEmpty() ? null : problem.substring(0, problem.indexOf(';'));
  }

  private static String check(String field, CharSequence value, int max) {
    return value == null || value.length() <= max
        ? ""
        : field + ": " + value.length() + " characters, at most " + max + ";";
  }
}
