package io.tally.topology;

import io.tally.avro.FigureEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.jspecify.annotations.Nullable;

/**
 * Reads event time from the payload of {@code tally.figure-events}: the Kafka record timestamp is
 * the produce time, which says nothing about when the event happened in the report's timeline.
 *
 * <p>It never throws and never returns a negative timestamp (Kafka Streams would silently drop the
 * record): when the value did not decode, or carries a negative event time, it returns the record
 * timestamp, and the validation processor dead-letters the record right after. Accepts values read
 * by the topology ({@link DecodedEvent}) or by a plain FigureEvent serde.
 */
public final class EventTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    FigureEvent event = eventOf(record.value());
    if (event != null && event.getEventTime() != null) {
      long eventTime = event.getEventTime().toEpochMilli();
      if (eventTime >= 0) {
        return eventTime;
      }
    }
    if (record.timestamp() >= 0) {
      return record.timestamp();
    }
    return Math.max(0, partitionTime);
  }

  private static @Nullable FigureEvent eventOf(Object value) {
    if (value instanceof DecodedEvent decoded) {
      return decoded.event();
    }
    return value instanceof FigureEvent event ? event : null;
  }
}
