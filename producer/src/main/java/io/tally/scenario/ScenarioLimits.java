package io.tally.scenario;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * The bounds a scenario file must keep, checked by validation before anything is replayed.
 *
 * <p>They are chosen so that every record Tally writes for a valid scenario (an event, a total, a
 * theme rollup, a daily total, their keys and the repartition records between them) stays far below
 * the broker's default limit of 1 MB even when every character takes four bytes in UTF-8: an event
 * carries at most 3 ids, a metric, a unit, a label, a sentence, a source and a time zone, under 16
 * KiB in all. The file itself is bounded, and so is each of its lines, so validation reads in time
 * and memory linear in the file's size (the YAML parser's time grows faster than linearly with the
 * length of a single line).
 */
public final class ScenarioLimits {
  /** The largest scenario file, in bytes (a generated scenario of 100,000 figures is ~42 MB). */
  public static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

  /** The longest line of a scenario file, in characters. */
  public static final int MAX_LINE_CHARS = 16 * 1024;

  /** Scenario, theme and figure ids. */
  public static final int MAX_ID_CHARS = 64;

  /** Metric names and units. */
  public static final int MAX_METRIC_CHARS = 64;

  /** Theme and figure labels (also in their original language). */
  public static final int MAX_LABEL_CHARS = 200;

  /** Title, original title, language and source document. */
  public static final int MAX_TITLE_CHARS = 500;

  /** The sentence a figure comes from. */
  public static final int MAX_SENTENCE_CHARS = 2_000;

  public static final int MAX_THEMES = 1_000;
  public static final int MAX_FIGURES = 100_000;

  /**
   * The earliest event time the pipeline counts: Kafka record timestamps cannot be before the
   * epoch, Tally publishes daily totals at their event time, and a day later keeps every time
   * zone's local day after the epoch too.
   */
  public static final Instant EARLIEST_EVENT_TIME = Instant.parse("1970-01-02T00:00:00Z");

  /** The latest local date-time a period may end at (days are written as {@code YYYY-MM-DD}). */
  public static final LocalDateTime LATEST_LOCAL_TIME = LocalDateTime.parse("9999-12-30T23:59:59");

  private ScenarioLimits() {}

  /** The text as it may be quoted in a one-line message: long text is cut, with its length. */
  static String quote(String text) {
    int max = 60;
    if (text.length() <= max) {
      return "\"" + printable(text) + "\"";
    }
    int cut = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return "\"" + printable(text.substring(0, cut)) + "...\" (" + text.length() + " characters)";
  }

  private static String printable(String text) {
    return text.replaceAll("\\p{Cntrl}", "?");
  }
}
