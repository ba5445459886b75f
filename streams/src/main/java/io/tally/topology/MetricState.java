package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricTotal;
import io.tally.serde.SingleObjectSerde;
import io.tally.serde.TallySerdes;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The state of one metric in store {@code tally-metric-state}: the published {@link MetricTotal} of
 * the current run, plus what de-duplication and gauge ordering need and the output must not show
 * (the counted sequence numbers, the sequence of the gauge's current value). Mutable: each event
 * works on a freshly read copy and writes it back.
 *
 * <p>Stored as: a format byte, the gauge sequence, the {@link SequenceSet}, then the MetricTotal in
 * Avro single-object encoding, so the published part evolves with the published schema.
 */
final class MetricState {
  private static final byte FORMAT = 1;

  final MetricTotal total;
  final SequenceSet counted;
  int valueSequence;

  MetricState(MetricTotal total, SequenceSet counted, int valueSequence) {
    this.total = total;
    this.counted = counted;
    this.valueSequence = valueSequence;
  }

  /** The state of a run before any event is counted, described by its first event. */
  static MetricState start(FigureEvent e) {
    MetricTotal total =
        MetricTotal.newBuilder()
            .setScenario(e.getScenario())
            .setTheme(e.getTheme())
            .setMetric(e.getMetric())
            .setFigureId(e.getFigureId())
            .setRunId(e.getRunId())
            .setUnit(e.getUnit())
            .setKind(e.getKind())
            .setQualifier(e.getQualifier())
            .setScale(e.getScale())
            .setValue(0)
            .setExpectedValue(e.getExpectedValue())
            .setExpectedUpper(e.getExpectedUpper())
            .setEventsCounted(0)
            .setEventsInFigure(e.getEventsInFigure())
            .setDuplicates(0)
            .setLastEventTime(e.getEventTime())
            .setComplete(false)
            .setLabel(e.getProvenance() == null ? "" : e.getProvenance().getLabel())
            .setSentence(e.getProvenance() == null ? "" : e.getProvenance().getSentence())
            .build();
    return new MetricState(total, new SequenceSet(), -1);
  }

  static Serde<MetricState> serde() {
    SingleObjectSerde<MetricTotal> totals = TallySerdes.metricTotal();
    Serializer<MetricState> serializer =
        (topic, state) -> {
          if (state == null) {
            return null;
          }
          byte[] total = totals.serialize(topic, state.total);
          ByteBuffer buffer =
              ByteBuffer.allocate(
                  1 + Integer.BYTES + state.counted.serializedSize() + total.length);
          buffer.put(FORMAT).putInt(state.valueSequence);
          state.counted.writeTo(buffer);
          buffer.put(total);
          return buffer.array();
        };
    Deserializer<MetricState> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          ByteBuffer buffer = ByteBuffer.wrap(data);
          byte format = buffer.get();
          if (format != FORMAT) {
            throw new SerializationException("unknown metric state format " + format);
          }
          int valueSequence = buffer.getInt();
          SequenceSet counted = SequenceSet.readFrom(buffer);
          byte[] total = new byte[buffer.remaining()];
          buffer.get(total);
          return new MetricState(totals.deserialize(topic, total), counted, valueSequence);
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
