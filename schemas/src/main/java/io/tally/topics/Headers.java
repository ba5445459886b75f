package io.tally.topics;

import java.nio.ByteBuffer;

/** The record headers of Tally's topics that cross process boundaries, and their byte formats. */
public final class Headers {
  /**
   * On {@code tally.figure-events} (and carried by Kafka Streams to the totals an event causes):
   * the produce time, 8 bytes, big-endian epoch milliseconds.
   */
  public static final String PRODUCED_AT = "tally.produced-at";

  // On tally.dead-letters: why and where from. Values are UTF-8 text (numbers in decimal), so that
  // any tool shows them as they are.

  /** A dead-letter reason code ({@code undecodable}, {@code undeclared-figure}, ...). */
  public static final String DLQ_REASON = "tally.dlq.reason";

  /**
   * A human-readable explanation (an exception message, the offending values), at most 1000 chars.
   */
  public static final String DLQ_DETAIL = "tally.dlq.detail";

  /** The topic the dead letter was read from. */
  public static final String DLQ_TOPIC = "tally.dlq.topic";

  /** The partition it was read from, in decimal. */
  public static final String DLQ_PARTITION = "tally.dlq.partition";

  /** The offset it was read from, in decimal. */
  public static final String DLQ_OFFSET = "tally.dlq.offset";

  // On tally.late-events: why the event was too late for its day.

  /** Why an event went to {@code tally.late-events}: {@value #LATE_WINDOW_CLOSED}. */
  public static final String LATE_REASON = "tally.late.reason";

  /** The local day (ISO date) that had closed. */
  public static final String LATE_DAY = "tally.late.day";

  /** The one value of {@link #LATE_REASON} today. */
  public static final String LATE_WINDOW_CLOSED = "window-closed";

  private Headers() {}

  /** The value of {@link #PRODUCED_AT} for a time. */
  public static byte[] producedAt(long epochMillis) {
    return ByteBuffer.allocate(Long.BYTES).putLong(epochMillis).array();
  }

  /** The time in a {@link #PRODUCED_AT} value, or -1 if it is not 8 bytes. */
  public static long producedAt(byte[] value) {
    return value == null || value.length != Long.BYTES ? -1 : ByteBuffer.wrap(value).getLong();
  }
}
