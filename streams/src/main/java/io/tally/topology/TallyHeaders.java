package io.tally.topology;

import static io.tally.topics.Headers.DLQ_DETAIL;
import static io.tally.topics.Headers.DLQ_OFFSET;
import static io.tally.topics.Headers.DLQ_PARTITION;
import static io.tally.topics.Headers.DLQ_REASON;
import static io.tally.topics.Headers.DLQ_TOPIC;
import static io.tally.topics.Headers.LATE_DAY;
import static io.tally.topics.Headers.LATE_REASON;
import static io.tally.topics.Headers.LATE_WINDOW_CLOSED;
import static io.tally.topics.Headers.PRODUCED_AT;

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
 * Reads and writes the record headers of Tally's topics; their names and formats are defined once,
 * in {@link io.tally.topics.Headers} (the published schemas module), and only aliased here.
 */
public final class TallyHeaders {
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
   * Milliseconds from the {@link io.tally.topics.Headers#PRODUCED_AT} header to {@code nowMs}, or
   * -1 when the header is missing or not 8 bytes. Never negative: clocks of producer and streams
   * hosts may disagree.
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
