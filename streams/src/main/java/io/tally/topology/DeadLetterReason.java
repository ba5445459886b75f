package io.tally.topology;

/**
 * Why a record went to {@code tally.dead-letters}; {@link #code()} is the value of header {@code
 * tally.dlq.reason} and of {@link TallyObserver#deadLetter(String)}.
 */
public enum DeadLetterReason {
  /** The value is not a FigureEvent of a published schema (garbage, another schema, null). */
  UNDECODABLE("undecodable"),
  /** An observation whose run or figure the run log does not declare. */
  UNDECLARED_FIGURE("undeclared-figure"),
  /** scenario, theme, metric, eventId, runId or figureId is empty. */
  MISSING_FIELD("missing-field"),
  /** The kind is missing (only reachable through a writer schema this reader resolves oddly). */
  UNKNOWN_KIND("unknown-kind"),
  /** The qualifier resolved to UNKNOWN: the writer used a symbol this reader does not know. */
  UNKNOWN_QUALIFIER("unknown-qualifier"),
  /** The record key is not {@code scenario/theme/metric} of the value. */
  KEY_MISMATCH("key-mismatch"),
  /** The sequence is negative or not below eventsInFigure. */
  BAD_SEQUENCE("bad-sequence"),
  /** A counter delta is zero or negative. */
  NEGATIVE_DELTA("negative-delta"),
  /** The event time is before 1970-01-02 or outside the figure's period widened by the skew. */
  ABSURD_EVENT_TIME("absurd-event-time"),
  /**
   * Within one run, the event disagrees with the figure already counted for its metric (another
   * figure id, kind, scale or number of events), so its sequence number cannot be trusted.
   */
  INCONSISTENT_FIGURE("inconsistent-figure"),
  /** Adding the counter delta would overflow a long; the total keeps its previous value. */
  OVERFLOW("overflow"),
  /** A processor threw: a bug, caught by the processing exception handler. */
  PROCESSING_ERROR("processing-error"),
  /**
   * A text field is longer than any valid scenario allows (see {@code docs/scenario-format.md}):
   * its totals could grow past what the broker accepts.
   */
  OVERSIZED("oversized"),
  /**
   * Not a dead letter but the lack of one: a record whose dead letter could not be written even cut
   * to fit, or an output refused by the producer as too large. Skipped and logged at ERROR with its
   * topic, partition and offset, never retried for ever.
   */
  UNWRITABLE("unwritable");

  private final String code;

  DeadLetterReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
