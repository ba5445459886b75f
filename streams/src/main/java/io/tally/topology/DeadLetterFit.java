package io.tally.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a dead letter fit what a broker accepts by default, whatever the record that caused it: a
 * record of any size the broker accepted may be refused, and under exactly-once a refused write
 * aborts the transaction, so the same record would be read, refused and aborted for ever.
 *
 * <p>The key is cut to {@link #MAX_KEY_BYTES}, the original headers are dropped when together
 * larger than {@link #MAX_ORIGINAL_HEADER_BYTES} (Tally's own are kept), and the value is cut to
 * what is left of {@link #MAX_RECORD_BYTES}. Each cut is said in a header with the original size:
 * {@value #KEY_CUT}, {@value #HEADERS_DROPPED}, {@value #VALUE_CUT}.
 */
public final class DeadLetterFit {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterFit.class);

  /**
   * Key, value and headers of a dead letter: below the producer's default {@code max.request.size}
   * (1,048,576) and the broker's {@code max.message.bytes} (1,048,588), with room for the record
   * and batch overhead.
   */
  public static final int MAX_RECORD_BYTES = 1_000_000;

  public static final int MAX_KEY_BYTES = 4 * 1024;
  public static final int MAX_ORIGINAL_HEADER_BYTES = 64 * 1024;

  /** The original size of a key that was cut, in bytes. */
  public static final String KEY_CUT = "tally.dlq.key-cut-from";

  /** The number and size of original headers that were dropped. */
  public static final String HEADERS_DROPPED = "tally.dlq.headers-dropped";

  /** The original size of a value that was cut, in bytes. */
  public static final String VALUE_CUT = "tally.dlq.value-cut-from";

  private static final int HEADER_OVERHEAD = 16;

  private DeadLetterFit() {}

  /** The key's UTF-8 bytes cut to at most {@link #MAX_KEY_BYTES}, on a character boundary. */
  public static byte @Nullable [] fitKey(byte @Nullable [] key) {
    if (key == null || key.length <= MAX_KEY_BYTES) {
      return key;
    }
    int end = MAX_KEY_BYTES;
    while (end > 0 && (key[end] & 0xC0) == 0x80) {
      end--; // never split a UTF-8 sequence
    }
    return Arrays.copyOf(key, end);
  }

  /** The String key as it is written: cut like {@link #fitKey(byte[])}. */
  public static @Nullable String fitKey(@Nullable String key) {
    if (key == null) {
      return null;
    }
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= MAX_KEY_BYTES ? key : new String(fitKey(bytes), StandardCharsets.UTF_8);
  }

  /** A key or detail as it may appear in a log line. */
  static String shortText(String text) {
    return text == null || text.length() <= 200
        ? text
        : text.substring(0, 200) + "... (" + text.length() + " characters)";
  }

  /** Serializes String keys cut like {@link #fitKey(String)}: the dead-letter sink's key serde. */
  public static org.apache.kafka.common.serialization.Serde<String> keySerde() {
    org.apache.kafka.common.serialization.Serde<String> strings =
        org.apache.kafka.common.serialization.Serdes.String();
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(
        (topic, key) -> fitKey(strings.serializer().serialize(topic, key)), strings.deserializer());
  }

  static int size(Headers headers) {
    int total = 0;
    for (Header h : headers) {
      total += HEADER_OVERHEAD + h.key().length() + (h.value() == null ? 0 : h.value().length);
    }
    return total;
  }

  /**
   * The headers of a dead letter: its Tally headers ({@code tally.dlq.*}, {@code
   * __streams.errors.*} cut short) plus the original ones if they are small enough.
   */
  static Headers fitHeaders(Headers headers) {
    int original = 0;
    int count = 0;
    for (Header h : headers) {
      if (!ownHeader(h.key())) {
        original += HEADER_OVERHEAD + h.key().length() + (h.value() == null ? 0 : h.value().length);
        count++;
      }
    }
    RecordHeaders fitted = new RecordHeaders();
    for (Header h : headers) {
      if (ownHeader(h.key())) {
        fitted.add(h.key(), cut(h.value(), 8 * 1024));
      } else if (original <= MAX_ORIGINAL_HEADER_BYTES) {
        fitted.add(h);
      }
    }
    if (original > MAX_ORIGINAL_HEADER_BYTES) {
      fitted.add(HEADERS_DROPPED, utf8(count + " headers, " + original + " bytes"));
    }
    return fitted;
  }

  /**
   * The value cut to what is left of {@link #MAX_RECORD_BYTES} after key and headers, with the
   * {@value #VALUE_CUT} header added to {@code headers} when it was cut; null if even an empty
   * value would not fit.
   */
  static byte @Nullable [] fitValue(byte @Nullable [] value, int keyBytes, Headers headers) {
    int length = value == null ? 0 : value.length;
    int room = MAX_RECORD_BYTES - keyBytes - size(headers);
    if (length <= room) {
      return value;
    }
    room -= HEADER_OVERHEAD + VALUE_CUT.length() + 20;
    if (room < 0) {
      return null;
    }
    headers.add(VALUE_CUT, utf8(Integer.toString(length)));
    return Arrays.copyOf(value, room);
  }

  /**
   * A dead letter built by Kafka Streams' own handlers, made to fit; null if it cannot be (the
   * caller skips it and says so).
   */
  static @Nullable ProducerRecord<byte[], byte[]> fit(ProducerRecord<byte[], byte[]> record) {
    byte[] key = fitKey(record.key());
    Headers headers = fitHeaders(record.headers());
    if (key != record.key()) {
      headers.add(KEY_CUT, utf8(Integer.toString(record.key().length)));
    }
    byte[] value = fitValue(record.value(), key == null ? 0 : key.length, headers);
    if (value == null && record.value() != null) {
      return null;
    }
    return new ProducerRecord<>(
        record.topic(), record.partition(), record.timestamp(), key, value, headers);
  }

  /**
   * The dead letters built by one of Kafka Streams' own exception handlers, made Tally's: tagged
   * with the {@code tally.dlq.*} headers for {@code reason}, counted, and each made to fit (one
   * that cannot be is skipped, counted as unwritable and logged).
   */
  public static List<ProducerRecord<byte[], byte[]>> fromStreamsHandler(
      List<ProducerRecord<byte[], byte[]>> records,
      DeadLetterReason reason,
      Exception exception,
      ErrorHandlerContext context,
      TallyObserver observer) {
    TallyHeaders.tag(records, reason, exception, context);
    observer.deadLetter(reason.code());
    return fitAll(records, context, observer);
  }

  /** Each record made to fit; one that cannot be is skipped, counted and logged at ERROR. */
  static List<ProducerRecord<byte[], byte[]>> fitAll(
      List<ProducerRecord<byte[], byte[]>> records,
      ErrorHandlerContext context,
      TallyObserver observer) {
    List<ProducerRecord<byte[], byte[]>> fitted = new ArrayList<>(records.size());
    for (ProducerRecord<byte[], byte[]> record : records) {
      ProducerRecord<byte[], byte[]> fit = fit(record);
      if (fit == null) {
        log.error(
            "dead letter of {}-{}@{} cannot be written even cut to fit; skipped",
            context.topic(),
            context.partition(),
            context.offset());
        observer.deadLetter(DeadLetterReason.UNWRITABLE.code());
      } else {
        fitted.add(fit);
      }
    }
    return fitted;
  }

  private static boolean ownHeader(String key) {
    return key.startsWith("tally.dlq.") || key.startsWith("__streams.errors.");
  }

  private static byte[] cut(byte[] value, int max) {
    return value == null || value.length <= max ? value : Arrays.copyOf(value, max);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
