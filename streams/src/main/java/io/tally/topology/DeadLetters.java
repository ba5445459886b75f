package io.tally.topology;

import io.tally.topology.EventValidator.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record to the dead-letter branch from inside a processor: original bytes, the {@code
 * tally.dlq.*} headers, a log line and the observer call, the same way from every processor. The
 * dead letter is timestamped with the wall-clock time it was refused at.
 */
final class DeadLetters {
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private DeadLetters() {}

  static void send(
      FixedKeyProcessorContext<String, Routed> context,
      FixedKeyRecord<String, ?> record,
      byte @Nullable [] raw,
      Rejection rejection,
      TallyObserver observer) {
    Optional<RecordMetadata> source = context.recordMetadata();
    log.warn(
        "dead letter: {} at {} (key {}): {}",
        rejection.reason().code(),
        source
            .map(s -> s.topic() + "-" + s.partition() + "@" + s.offset())
            .orElse("unknown offset"),
        DeadLetterFit.shortText(record.key()),
        rejection.detail());
    Headers headers =
        DeadLetterFit.fitHeaders(
            TallyHeaders.deadLetter(
                record.headers(), rejection.reason(), rejection.detail(), source));
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    byte[] fittedKey = DeadLetterFit.fitKey(key);
    if (key != null && fittedKey != key) {
      headers.add(
          DeadLetterFit.KEY_CUT, Integer.toString(key.length).getBytes(StandardCharsets.UTF_8));
    }
    byte[] value = DeadLetterFit.fitValue(raw, fittedKey == null ? 0 : fittedKey.length, headers);
    if (value == null && raw != null) {
      log.error(
          "dead letter at {} cannot be written even cut to fit; skipped",
          source
              .map(s -> s.topic() + "-" + s.partition() + "@" + s.offset())
              .orElse("unknown offset"));
      observer.deadLetter(DeadLetterReason.UNWRITABLE.code());
      return;
    }
    observer.deadLetter(rejection.reason().code());
    // Timestamped when dead-lettered, not at the event time the record carries: an absurd event
    // time (year 2100, say) is out of the range brokers accept (log.message.timestamp.after.max.ms
    // is one hour by default), and the failed write would stop the stream thread, again and again.
    context.forward(
        record
            .withValue(new Routed.DeadLetter(value))
            .withTimestamp(context.currentSystemTimeMs())
            .withHeaders(headers));
  }
}
