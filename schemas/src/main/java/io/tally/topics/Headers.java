package io.tally.topics;

import java.nio.ByteBuffer;

/** The record headers of Tally's topics that cross process boundaries, and their byte formats. */
public final class Headers {
  /**
   * On {@code tally.figure-events} (and carried by Kafka Streams to the totals an event causes):
   * the produce time, 8 bytes, big-endian epoch milliseconds.
   */
  public static final String PRODUCED_AT = "tally.produced-at";

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
