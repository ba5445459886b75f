package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.Observation;
import io.tally.serde.SingleObjectSerde;
import io.tally.serde.TallySerdes;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * A value of {@code tally.figure-events} as read: the original bytes and, when they decode, the
 * event; otherwise why not. The topology reads the event topic with {@link #serde()}, whose
 * deserializer never throws, so a poison pill travels to the validation processor and out to the
 * dead-letter topic with its original bytes, instead of stopping at the deserialization handler.
 *
 * <p>Equality is by identity of {@code raw} (a record with an array component); nothing compares
 * these.
 *
 * @param raw the bytes as read (null for a tombstone)
 * @param event the decoded v1 event, or null
 * @param observation the decoded v2 observation, or null
 * @param error why decoding failed, or null
 */
record DecodedEvent(
    byte @Nullable [] raw,
    @Nullable FigureEvent event,
    @Nullable Observation observation,
    @Nullable String error) {

  static DecodedEvent decoded(byte[] raw, FigureEvent event) {
    return new DecodedEvent(raw, event, null, null);
  }

  static DecodedEvent observed(byte[] raw, Observation observation) {
    return new DecodedEvent(raw, null, observation, null);
  }

  static DecodedEvent undecodable(byte @Nullable [] raw, String error) {
    return new DecodedEvent(raw, null, null, error);
  }

  boolean isDecoded() {
    return event != null || observation != null;
  }

  /**
   * Reads observations (event model v2) and every published FigureEvent schema (v1, whose events
   * carry their figure's definition); writes the original bytes back unchanged.
   */
  static Serde<DecodedEvent> serde() {
    SingleObjectSerde<Observation> observations = TallySerdes.observation();
    SingleObjectSerde<FigureEvent> events = TallySerdes.figureEvent();
    Serializer<DecodedEvent> serializer = (topic, value) -> value == null ? null : value.raw();
    Deserializer<DecodedEvent> deserializer =
        (topic, data) -> {
          if (data == null) {
            return undecodable(null, "null value (tombstone) on " + topic);
          }
          try {
            if (observations.reads(data)) {
              return observed(data, observations.deserialize(topic, data));
            }
            return decoded(data, events.deserialize(topic, data));
          } catch (SerializationException e) {
            return undecodable(data, TallyHeaders.describe(e));
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
