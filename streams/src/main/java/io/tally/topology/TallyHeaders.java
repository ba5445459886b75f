package io.tally.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The record headers Tally reads and writes. Header values Tally writes are UTF-8 text (numbers in
 * decimal) so that any tool, {@code kcat} included, shows them as they are.
 */
public final class TallyHeaders {
  /** Set by the producer: 8-byte big-endian epoch milliseconds at produce time. */
  public static final String PRODUCED_AT = io.tally.topics.Headers.PRODUCED_AT;

  /** A {@link DeadLetterReason#code()}. */
  public static final String DLQ_REASON = "tally.dlq.reason";

  /** A human-readable explanation (an exception message, the offending values). */
  public static final String DLQ_DETAIL = "tally.dlq.detail";

  /** Where the dead letter was read from. */
  public static final String DLQ_TOPIC = "tally.dlq.topic";

  public static final String DLQ_PARTITION = "tally.dlq.partition";
  public static final String DLQ_OFFSET = "tally.dlq.offset";

  /** Why an event went to {@code tally.late-events}; currently always {@code window-closed}. */
  public static final String LATE_REASON = "tally.late.reason";

  /** The local day (ISO date) that had closed. */
  public static final String LATE_DAY = "tally.late.day";

  public static final String LATE_WINDOW_CLOSED = "window-closed";

  // Headers are small; an exception message with a payload dump in it should not make them big.
  private static final int MAX_DETAIL_CHARS = 1000;

  private TallyHeaders() {}

  /**
   * A copy of {@code original} plus the dead-letter headers. The copy matters: a record's headers
   * object is shared with its context, and must not change for records forwarded elsewhere.
   */
  static Headers deadLetter(
      Headers original, DeadLetterReason reason, String detail, Optional<RecordMetadata> source) {
    Headers headers = new RecordHeaders(original.toArray());
    headers.add(DLQ_REASON, utf8(reason.code()));
    headers.add(DLQ_DETAIL, utf8(truncate(detail)));
    source.ifPresent(
        s -> {
          headers.add(DLQ_TOPIC, utf8(s.topic()));
          headers.add(DLQ_PARTITION, utf8(Integer.toString(s.partition())));
          headers.add(DLQ_OFFSET, utf8(Long.toString(s.offset())));
        });
    return headers;
  }

  /** Adds the Tally dead-letter headers to records built by Kafka Streams' own handlers. */
  static void tag(
      List<ProducerRecord<byte[], byte[]>> records,
      DeadLetterReason reason,
      Exception exception,
      ErrorHandlerContext context) {
    for (ProducerRecord<byte[], byte[]> record : records) {
      Headers headers = record.headers();
      headers.add(DLQ_REASON, utf8(reason.code()));
      headers.add(DLQ_DETAIL, utf8(truncate(describe(exception))));
      headers.add(DLQ_TOPIC, utf8(String.valueOf(context.topic())));
      headers.add(DLQ_PARTITION, utf8(Integer.toString(context.partition())));
      headers.add(DLQ_OFFSET, utf8(Long.toString(context.offset())));
    }
  }

  /** A copy of {@code original} plus the late-event headers. */
  static Headers late(Headers original, String day) {
    Headers headers = new RecordHeaders(original.toArray());
    headers.add(LATE_REASON, utf8(LATE_WINDOW_CLOSED));
    headers.add(LATE_DAY, utf8(day));
    return headers;
  }

  /**
   * Milliseconds from the {@link #PRODUCED_AT} header to {@code nowMs}, or -1 when the header is
   * missing or not 8 bytes. Never negative: clocks of producer and streams hosts may disagree.
   */
  static long latencyMs(Headers headers, long nowMs) {
    Header header = headers.lastHeader(PRODUCED_AT);
    if (header == null || header.value() == null || header.value().length != Long.BYTES) {
      return -1;
    }
    long producedAt = ByteBuffer.wrap(header.value()).getLong();
    return Math.max(0, nowMs - producedAt);
  }

  static String describe(Exception exception) {
    String message = exception.getMessage();
    return message == null ? exception.getClass().getName() : message;
  }

  private static String truncate(String detail) {
    String text = detail == null ? "" : detail;
    return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "...";
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
